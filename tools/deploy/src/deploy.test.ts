import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { modelDirectory } from '@akidb/embedding-provider';
import { createServer, startServer } from '@akidb/server';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type Manifest, validateManifest } from './validateManifest.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const run = promisify(execFile);

async function readYaml(path: string): Promise<unknown[]> {
  const documents = parseAllDocuments(await readFile(path, 'utf8'));
  for (const document of documents) if (document.errors.length > 0) throw document.errors[0];
  return documents.map((document) => document.toJS());
}

async function systemdAnalyze(): Promise<boolean> {
  return run('systemd-analyze', ['--version']).then(
    () => true,
    () => false,
  );
}

describe('deploy/kubernetes', () => {
  const manifests: Manifest[] = [];
  // A model home of its own (a link to the one model used), so other models under ~/.cache/akidb stay out.
  let home = '';
  const byKind = (kind: string): Manifest => {
    const found = manifests.find((manifest) => manifest.kind === kind);
    if (!found) throw new Error(`no ${kind} in deploy/kubernetes`);
    return found;
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'akidb-deploy-'));
    await mkdir(join(home, 'models'));
    await symlink(modelDirectory('all-minilm-l6-v2'), join(home, 'models', 'all-minilm-l6-v2'), 'dir');
    const dir = join(DEPLOY, 'kubernetes');
    const files = (await readdir(dir)).filter(
      (name) => name.endsWith('.yaml') && !name.startsWith('prometheus-'),
    );
    for (const file of files) manifests.push(...((await readYaml(join(dir, file))) as Manifest[]));
  });
  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('every object validates against the Kubernetes API schema of its kind', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'Deployment',
      'HorizontalPodAutoscaler',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'Service',
    ]);
    for (const manifest of manifests) validateManifest(manifest);
  });

  it('the schema check rejects a broken object (so the check above can fail)', () => {
    const broken = structuredClone(byKind('Deployment'));
    broken.spec.replicas = 'two';
    expect(() => validateManifest(broken)).toThrow(/replicas must be integer/);
    const hpa = structuredClone(byKind('HorizontalPodAutoscaler'));
    hpa.spec.metrics[0].pods.target.type = 42;
    expect(() => validateManifest(hpa)).toThrow(/HorizontalPodAutoscaler/);
  });

  it('probes, security context and selectors fit together', () => {
    const deployment = byKind('Deployment');
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(byKind('Service').spec.selector).toEqual(labels);
    expect(byKind('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    const ports = container.ports.map((port: { name: string }) => port.name).sort();
    const targets = byKind('Service')
      .spec.ports.map((port: { targetPort: string }) => port.targetPort)
      .sort();
    expect(targets).toEqual(ports);
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'models');
    const home = container.env.find((e: { name: string }) => e.name === 'AKIDB_HOME');
    expect(mount.mountPath).toBe(home.value);
    // Graceful shutdown (30 s default) plus the preStop pause fit in the grace period.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(35);
  });

  it('the probe commands work against a real server with an API key', async () => {
    const [container] = byKind('Deployment').spec.template.spec.containers;
    const readiness: string[] = container.readinessProbe.exec.command;
    const dockerfile = await readFile(join(DEPLOY, 'Dockerfile'), 'utf8');
    const healthcheck = JSON.parse(/HEALTHCHECK[^[]*(\[.*\])/.exec(dockerfile)?.[1] ?? '[]') as string[];
    const running = await startServer({
      port: 0,
      logLevel: 'silent',
      apiKey: 'probe-key',
      home,
      manifestsDirs: [join(ROOT, 'models')],
      defaultModel: 'all-minilm-l6-v2',
    });
    const probe = async (command: readonly string[], key: string) => {
      const [file, ...args] = command;
      const env = { ...process.env, PORT: String(running.port), AKIDB_API_KEY: key };
      return run(file ?? '', args, { env }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    };
    try {
      expect(await running.preloaded).toBe(true);
      expect(await probe(readiness, 'probe-key')).toBe(0);
      expect(await probe(readiness, 'wrong-key')).toBe(1);
      expect(await probe(healthcheck, '')).toBe(0);
    } finally {
      await running.close();
    }
    expect(await probe(readiness, 'probe-key')).toBe(1);
  });

  it("the HPA scales on the server's queue metric, as the adapter rule names it", async () => {
    const hpa = byKind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toMatchObject({
      kind: 'Deployment',
      name: byKind('Deployment').metadata.name,
    });
    const metric = hpa.spec.metrics[0].pods.metric.name;
    const [adapter] = (await readYaml(join(DEPLOY, 'kubernetes', 'prometheus-adapter-rules.yaml'))) as {
      rules: { seriesQuery: string; name: { as: string }; metricsQuery: string }[];
    }[];
    const rule = adapter?.rules.find((candidate) => candidate.name.as === metric);
    expect(rule?.seriesQuery).toMatch(new RegExp(`^${metric}\\{`));
    expect(rule?.metricsQuery).toContain('<<.Series>>');
    // The server really exports that metric.
    const server = await createServer({ logLevel: 'silent', home, manifestsDirs: [join(ROOT, 'models')] });
    try {
      const response = await server.app.fetch(new Request('http://akidb/metrics'));
      expect(await response.text()).toContain(`# TYPE ${metric} gauge`);
    } finally {
      await server.close();
    }
  });
});

describe('deploy/systemd', async () => {
  const unit = join(DEPLOY, 'systemd', 'akidb-server.service');
  const available = await systemdAnalyze();

  it.skipIf(!available)('systemd-analyze verify accepts the unit without a warning', async () => {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', unit]);
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it.skipIf(!available)('systemd-analyze security rates the unit OK (exposure at most 2.0)', async () => {
    const { stdout } = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', unit]);
    const exposure = /Overall exposure level for \S+: ([\d.]+)/.exec(stdout);
    expect(exposure).not.toBeNull();
    expect(Number(exposure?.[1])).toBeLessThanOrEqual(2);
  });
});

describe('deploy/Dockerfile', () => {
  let text = '';
  beforeAll(async () => {
    text = await readFile(join(DEPLOY, 'Dockerfile'), 'utf8');
  });

  it('passes the dockerfile-utils linter', () => {
    expect(lintDockerfile(text).map((diagnostic) => diagnostic.message)).toEqual([]);
    expect(lintDockerfile(`${text}\nUSERR root\n`).length).toBeGreaterThan(0);
  });

  it('is multi-stage, non-root, with models in a volume and a health check on /health', async () => {
    const instructions = text
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const named = (keyword: string) => instructions.filter((line) => line.startsWith(`${keyword} `));
    expect(named('FROM').length).toBeGreaterThanOrEqual(2);
    const lastStage = instructions.slice(instructions.lastIndexOf(named('FROM').at(-1) ?? ''));
    const user = lastStage.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(named('VOLUME').join(' ')).toContain('/models');
    expect(named('ENV').join(' ')).toContain('AKIDB_HOME=/models');
    expect(named('HEALTHCHECK').join(' ')).toContain('/health');
    // The image installs the pnpm the repo pins.
    const { packageManager } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      packageManager: string;
    };
    expect(text).toContain(packageManager);
  });
});
