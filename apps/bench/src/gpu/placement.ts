/** Where ONNX Runtime put the nodes of one session, read from its verbose log. */
export interface NodePlacement {
  /** Node count per execution provider, e.g. `{ WebGpuExecutionProvider: 167, CPUExecutionProvider: 43 }`. */
  readonly nodesByProvider: Readonly<Record<string, number>>;
  /** Nodes not on `preferred`, counted by op type, e.g. `{ Shape: 1, Attention: 6 }`. */
  readonly fallbackOps: Readonly<Record<string, number>>;
  /** Names of the nodes not on `preferred`, in log order. */
  readonly fallbackNodes: readonly string[];
  /** Tensors ORT copies between host and device (`MemcpyFromHost` / `MemcpyToHost` it inserted). */
  readonly copies: readonly string[];
}

const SECTION = /Node\(s\) placed on \[(\w+)\]\. Number of nodes: (\d+)/;
const NODE = /VerifyEachNodeIsAssignedToAnEp\]\s{3,}(\S+) \((.*)\)\s*$/;
const COPY = /AddCopyNode\] Add (Memcpy\w+) (?:after|before) (\S+) for/;

/**
 * Parses the node placement ORT prints at `logSeverityLevel: 0` ("Node(s) placed on [X]. Number of
 * nodes: N", then one line per node). `preferred` is the provider asked for, e.g.
 * `WebGpuExecutionProvider`; every node placed elsewhere is a fallback.
 *
 * @example
 * parsePlacement(stderrText, 'WebGpuExecutionProvider').fallbackOps; // { Shape: 1, Gather: 13, … }
 */
export function parsePlacement(log: string, preferred: string): NodePlacement {
  const nodesByProvider: Record<string, number> = {};
  const fallbackOps: Record<string, number> = {};
  const fallbackNodes: string[] = [];
  const copies: string[] = [];
  let current: string | undefined;
  for (const line of log.split('\n')) {
    const section = SECTION.exec(line);
    if (section) {
      current = section[1] as string;
      nodesByProvider[current] = Number(section[2]);
      continue;
    }
    const copy = COPY.exec(line);
    if (copy) {
      copies.push(`${copy[1]} ${copy[2]}`);
      continue;
    }
    const node = NODE.exec(line);
    if (node && current !== undefined) {
      if (current !== preferred) {
        const op = node[1] as string;
        fallbackOps[op] = (fallbackOps[op] ?? 0) + 1;
        fallbackNodes.push(node[2] === '' ? op : (node[2] as string));
      }
      continue;
    }
    if (!line.includes('VerifyEachNodeIsAssignedToAnEp')) current = undefined;
  }
  return { nodesByProvider, fallbackOps, fallbackNodes, copies };
}

/** ORT's provider class name for a provider name used in `executionProviders`. */
export function ortProviderClass(name: string): string {
  const known: Record<string, string> = {
    cpu: 'CPUExecutionProvider',
    cuda: 'CUDAExecutionProvider',
    tensorrt: 'TensorrtExecutionProvider',
    webgpu: 'WebGpuExecutionProvider',
  };
  return known[name] ?? name;
}
