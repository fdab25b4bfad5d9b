import { serveRpc } from '../measure/childRpc.js';
import { type DriveInput, driveLoad } from './driveLoad.js';

// The load generator's own process (forked by startLoadGenerator): drives HTTP with undici, so its
// CPU time is its own and the orchestrating process stays out of the measured path.
serveRpc({ drive: (input: DriveInput) => driveLoad(input) });
