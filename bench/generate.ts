/**
 * Generated knowledge for the benchmark: N talks spread over event folders of
 * 100 talks each (so no file comes near the loader's 1 MiB cap), written as
 * YAML and loaded through the real `loadKnowledge`.
 *
 * The text is drawn from a vocabulary of 40,000 words with Zipf
 * frequencies (a few hundred real DevOps terms among pronounceable made-up
 * words), so the index's vocabulary and posting lists grow as they would
 * with real talks: "kubernetes" is in most talks, "kuma" in few. A pool of
 * real tools (with the purposes and problems an organiser would write) is
 * mixed with made-up ones in every event, so the benchmark queries match.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Rng, Zipf } from './prng.js';

export const TALKS_PER_EVENT = 100;
const SPEAKERS_PER_EVENT = 80;
const REAL_TOOLS_PER_EVENT = 24;
const MADE_UP_TOOLS_PER_EVENT = 176;
const BOOTHS_PER_EVENT = 5;
/** Distinct words drawn on; with Zipf frequencies ~35,000 of them occur in 10,000 talks, as in real text. */
const VOCABULARY_SIZE = 40_000;
export const DEFAULT_SEED = 20230613;

/**
 * Real terms, roughly from common to rare; they take every third rank of the
 * vocabulary's first ~1,400, with made-up words in between and after. With
 * Zipf frequencies "kubernetes" (rank 6) is then about 1.6% of the content
 * words, as in the real DevOpsCon notes (about 2%, its most frequent word).
 */
const REAL_WORDS = `
data team kubernetes service java cluster security deployment container application production
database monitoring cloud latency platform pipeline kafka observability metrics infrastructure
performance memory scaling network developers architecture release testing java build
operators automation configuration logs traffic costs mesh migration incidents reliability
storage workloads pods nodes prometheus resources events streaming queues messages consumers
producers partitions replication availability failover backup restore upgrade rollout canary
dashboards grafana alerts tracing spans profiling cpu threads heap garbage collector leak
dump analysis debugging troubleshooting bottleneck throughput requests errors retries timeouts
caching cache gradle artifacts images registry vulnerabilities scanning policies secrets
certificates encryption authentication authorization identity gateway ingress egress routing
dns proxies sidecars envoy istio terraform helm charts gitops argo flux declarative drift
modules providers state workspace budgets billing instances regions zones mongodb postgres
redis cassandra elasticsearch indexes queries schema sharding consistency transactions
latency users growth startup legacy monolith microservices boundaries contracts apis versions
compatibility feature flags experiments rollback recovery chaos resilience simulation
failures outages postmortems oncall runbooks toil sre slos budgets capacity planning autoscaling
spot pricing savings rightsizing serverless functions lambda edge cdn frontend backend mobile
teams culture ownership platform engineering golden paths portal catalog onboarding
documentation templates scaffolding compliance audit governance risk supply chain sbom
signing provenance attestations runtime detection falco rules syscalls ebpf kernel sockets
filesystem volumes snapshots operators controllers reconcile custom resources crd webhooks
admission validation mutation namespaces quotas limits requests scheduling affinity taints
tolerations jobs cron batch pipelines runners agents caching layers dockerfile buildkit
reproducible hermetic bazel remote execution jvm warmup startup native graalvm quarkus spring
kotlin golang rust python typescript node browsers sessions cookies tokens jwt oauth keycloak
vault rotation leases dynamic credentials kms hsm firewall segmentation zero trust mtls
sofascore football scores fans notifications websocket push realtime peaks matches
jcmd jstack jmap visualvm flamegraphs sampling instrumentation overhead continuous pyroscope
parca agents symbols stacks allocations objects references retention dominator histogram
opentelemetry collectors exporters jaeger zipkin loki tempo mimir thanos federation
kuma linkerd cilium calico multicluster zones federation failover circuit breakers
`.split(/\s+/).filter(Boolean);

interface ToolSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly category: string;
  readonly purpose: string;
  readonly problems: readonly string[];
  readonly command?: string;
  readonly tags: readonly string[];
}

/** Real tools with purposes and problems as an organiser would write them. */
const REAL_TOOLS: readonly ToolSpec[] = [
  { name: 'Kubernetes', aliases: ['K8s', 'kube'], category: 'container orchestration platform', purpose: 'Runs and manages containerised applications on a cluster of machines.', problems: ['run containers on a cluster', 'keep a Kubernetes cluster secure'], tags: ['k8s', 'cluster', 'containers'] },
  { name: 'Prometheus', category: 'monitoring system', purpose: 'Collects metrics from services and stores them as time series for alerting.', problems: ['monitor the latency of services', 'alert when error rates rise'], tags: ['metrics', 'monitoring', 'alerting'] },
  { name: 'Grafana', category: 'dashboards', purpose: 'Shows metrics, logs and traces on dashboards.', problems: ['build dashboards for metrics', 'visualise cluster health'], tags: ['dashboards', 'observability'] },
  { name: 'Apache Kafka', aliases: ['Kafka'], category: 'event streaming platform', purpose: 'Stores and streams events between producers and consumers at high throughput.', problems: ['stream events between services', 'decouple producers from consumers'], tags: ['streaming', 'events', 'queues'] },
  { name: 'Kuma', category: 'service mesh', purpose: 'A service mesh for Kubernetes and virtual machines with multi-zone support.', problems: ['connect services across clusters', 'secure service traffic with mTLS'], tags: ['service mesh', 'envoy', 'multicluster'] },
  { name: 'Istio', category: 'service mesh', purpose: 'A service mesh that adds routing, mTLS and telemetry through Envoy sidecars.', problems: ['route traffic between service versions', 'encrypt traffic between services'], tags: ['service mesh', 'sidecars', 'envoy'] },
  { name: 'Eclipse Memory Analyzer', aliases: ['Eclipse MAT', 'MAT'], category: 'Java heap analyser', purpose: 'Opens a Java heap dump and shows which objects hold on to memory.', problems: ['look at a heap dump', 'find a memory leak in a Java application'], tags: ['heap dump', 'memory leak', 'java'] },
  { name: 'jcmd', category: 'JDK command-line tool', purpose: 'Sends diagnostic commands to a running JVM, such as taking a heap dump or a thread dump.', problems: ['take a heap dump of a running Java process', 'see what threads a JVM runs'], command: 'jcmd <pid> GC.heap_dump /tmp/heap.hprof', tags: ['jvm', 'heap dump', 'diagnostics'] },
  { name: 'async-profiler', category: 'profiler', purpose: 'A low-overhead sampling profiler for the JVM that draws flame graphs.', problems: ['find which code uses the CPU', 'profile allocations in production'], tags: ['profiling', 'flamegraphs', 'jvm'] },
  { name: 'Pyroscope', category: 'continuous profiling', purpose: 'Collects profiles continuously from running services to compare them over time.', problems: ['profile services continuously in production'], tags: ['continuous profiling', 'flamegraphs'] },
  { name: 'MongoDB', category: 'document database', purpose: 'A document database storing JSON-like records.', problems: ['store documents without a fixed schema'], tags: ['database', 'nosql'] },
  { name: 'PostgreSQL', aliases: ['Postgres'], category: 'relational database', purpose: 'An open-source relational database with transactions and rich indexes.', problems: ['migrate from MongoDB to a relational database', 'run consistent transactions'], tags: ['database', 'sql'] },
  { name: 'Redis', category: 'in-memory data store', purpose: 'Keeps data in memory for caching and fast lookups.', problems: ['cache results of slow database queries'], tags: ['cache', 'in-memory'] },
  { name: 'Terraform', category: 'infrastructure as code', purpose: 'Declares cloud infrastructure in code and applies the changes.', problems: ['manage cloud resources as code', 'detect drift in infrastructure'], tags: ['iac', 'cloud', 'modules'] },
  { name: 'Helm', category: 'package manager for Kubernetes', purpose: 'Packages Kubernetes manifests as charts with values.', problems: ['install an application on Kubernetes with one command'], command: 'helm install <release> <chart>', tags: ['charts', 'kubernetes'] },
  { name: 'Argo CD', aliases: ['ArgoCD'], category: 'GitOps delivery', purpose: 'Syncs Kubernetes clusters with manifests stored in Git.', problems: ['deploy to Kubernetes from Git', 'see drift between Git and the cluster'], tags: ['gitops', 'delivery'] },
  { name: 'Jaeger', category: 'distributed tracing', purpose: 'Collects and shows traces of requests across services.', problems: ['find which service makes a request slow'], tags: ['tracing', 'spans', 'latency'] },
  { name: 'OpenTelemetry', aliases: ['OTel'], category: 'observability framework', purpose: 'A standard for collecting traces, metrics and logs from applications.', problems: ['instrument services for tracing', 'send telemetry to any backend'], tags: ['tracing', 'metrics', 'observability'] },
  { name: 'Falco', category: 'runtime security', purpose: 'Watches system calls in containers and raises alerts on suspicious behaviour.', problems: ['detect attacks on a running Kubernetes cluster'], tags: ['security', 'runtime', 'ebpf'] },
  { name: 'Trivy', category: 'vulnerability scanner', purpose: 'Scans container images and file systems for known vulnerabilities.', problems: ['scan container images for vulnerabilities', 'check dependencies for CVEs'], command: 'trivy image <image>', tags: ['security', 'scanning', 'vulnerabilities'] },
  { name: 'HashiCorp Vault', aliases: ['Vault'], category: 'secrets manager', purpose: 'Stores secrets and issues short-lived credentials.', problems: ['keep secrets out of Git', 'rotate database credentials'], tags: ['secrets', 'security'] },
  { name: 'Gradle', category: 'build tool', purpose: 'Builds JVM projects with incremental tasks and a build cache.', problems: ['speed up a slow build with a remote build cache'], command: 'gradle build --build-cache', tags: ['build', 'cache', 'jvm'] },
  { name: 'Bazel', category: 'build tool', purpose: 'Builds large codebases hermetically with remote caching and execution.', problems: ['make builds reproducible', 'share a build cache across a team'], tags: ['build', 'cache', 'hermetic'] },
  { name: 'Docker', category: 'container runtime', purpose: 'Builds and runs container images.', problems: ['package an application with its dependencies'], command: 'docker build -t <name> .', tags: ['containers', 'images'] },
  { name: 'Envoy', category: 'proxy', purpose: 'A high-performance proxy used as the data plane of service meshes.', problems: ['route and observe traffic between services'], tags: ['proxy', 'sidecars'] },
  { name: 'Linkerd', category: 'service mesh', purpose: 'A lightweight service mesh for Kubernetes.', problems: ['add mTLS between services without code changes'], tags: ['service mesh', 'mtls'] },
  { name: 'Loki', category: 'log aggregation', purpose: 'Stores logs indexed by labels and queries them from Grafana.', problems: ['search the logs of all pods in one place'], tags: ['logs', 'grafana'] },
  { name: 'Elasticsearch', category: 'search engine', purpose: 'Indexes documents and logs for full-text search.', problems: ['search through logs', 'add full-text search to an application'], tags: ['search', 'logs'] },
  { name: 'Jenkins', category: 'CI server', purpose: 'Runs build and deployment pipelines.', problems: ['automate builds and tests on every commit'], tags: ['ci', 'pipelines'] },
  { name: 'kubectl', category: 'Kubernetes CLI', purpose: 'Controls a Kubernetes cluster from the command line.', problems: ['see why a pod does not start'], command: 'kubectl describe pod <name>', tags: ['kubernetes', 'cli'] },
  { name: 'top', category: 'Linux utility', purpose: 'Shows the processes and threads that use the most CPU.', problems: ['find which thread of a process uses the CPU'], command: 'top -H -p <pid>', tags: ['cpu', 'threads', 'linux'] },
  { name: 'VisualVM', category: 'JVM monitor', purpose: 'Monitors a running JVM and opens heap dumps and thread dumps.', problems: ['look at a heap dump', 'watch garbage collection of a JVM'], tags: ['jvm', 'heap', 'profiling'] },
  { name: 'Cilium', category: 'networking and security', purpose: 'eBPF-based networking, security and observability for Kubernetes.', problems: ['enforce network policies in Kubernetes'], tags: ['ebpf', 'network', 'security'] },
  { name: 'Keycloak', category: 'identity provider', purpose: 'Single sign-on and identity management with OAuth and OpenID Connect.', problems: ['add login to applications with single sign-on'], tags: ['identity', 'oauth', 'authentication'] },
  { name: 'Kyverno', category: 'policy engine', purpose: 'Validates and mutates Kubernetes resources with policies written as YAML.', problems: ['block insecure deployments in Kubernetes security policies'], tags: ['policies', 'admission', 'security'] },
  { name: 'Chaos Mesh', category: 'chaos engineering', purpose: 'Injects failures into Kubernetes workloads to test their resilience.', problems: ['simulate failures to test resilience'], tags: ['chaos', 'resilience'] },
  { name: 'RabbitMQ', category: 'message broker', purpose: 'Routes messages between services through queues.', problems: ['send work to background workers through a queue'], tags: ['queues', 'messages'] },
  { name: 'Backstage', category: 'developer portal', purpose: 'A portal with a catalog of services, docs and templates for developers.', problems: ['give developers one place to find services and docs'], tags: ['platform engineering', 'catalog'] },
];

const FIRST_NAMES = `Anna Ben Carla David Elena Felix Greta Hannah Ivan Julia Karl Lena Marco Nina Oskar Paula Quentin Rosa Stefan Tanja Uwe Vera Walter Xenia Yusuf Zoe
Amir Bianca Chen Dmitri Eva Fatima Georg Hiro Ines Jonas Katarina Lukas Maria Nils Olga Pedro Rahel Sven Tomas Ulrike Viktor Wiebke Yara Philipp Fabian Iurie Kristof`.split(/\s+/);
const LAST_NAMES = `Schmidt Müller Weber Fischer Becker Wagner Hoffmann Schulz Koch Richter Klein Wolf Neumann Schwarz Braun Zimmermann Krüger Hartmann Lange Werner
Novak Kowalski Rossi Garcia Silva Dubois Jansen Nielsen Horvath Popescu Kürsten Hardt Muradu Gyuracz Andersen Costa Moreau Ivanova Tanaka Okafor`.split(/\s+/);
const COMPANIES = `Opitz Consulting, Sofascore, Cisco, Banzai Cloud, Red Hat, Gradle Inc, Grafana Labs, Elastic, SAP, Zalando, Siemens, Bosch, Adesso, Codecentric, Container Solutions, Giant Swarm, Kong, Solo.io, Isovalent, Tigera`.split(
  /,\s*/,
);
const FUNCTION_WORDS = ['the', 'a', 'with', 'for', 'and', 'to', 'of', 'in', 'on', 'how', 'why', 'when', 'their', 'its', 'from', 'by'];

/** Query words that must not become made-up vocabulary by chance (the typo queries). */
const RESERVED = new Set(['kuberntes', 'securty', 'promethues', 'kafak', 'grafna', 'dashbords', 'terrafrom', 'mongdb', 'servcie', 'hep', 'obsevability', 'istoi']);

/** Pronounceable made-up words, distinct from the real ones and from each other. */
function madeUpWords(rng: Rng, count: number, taken: Set<string>): string[] {
  const onsets = ['b', 'c', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'cl', 'dr', 'gr', 'pl', 'st', 'tr', 'sk', 'sp'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y'];
  const codas = ['', '', 'n', 'r', 'l', 's', 'x', 'm', 'nd', 'rt', 'st'];
  const out: string[] = [];
  while (out.length < count) {
    const syllables = rng.int(2, 4);
    let w = '';
    for (let i = 0; i < syllables; i++) w += rng.pick(onsets) + rng.pick(vowels) + (i === syllables - 1 ? rng.pick(codas) : '');
    if (taken.has(w) || RESERVED.has(w)) continue;
    taken.add(w);
    out.push(w);
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export interface Generated {
  readonly dir: string;
  readonly talks: number;
  readonly events: number;
  readonly bytes: number;
  /** Distinct vocabulary words drawn on (before the index adds names). */
  readonly vocabulary: readonly string[];
}

class Writer {
  readonly rng: Rng;
  readonly vocabulary: string[];
  private readonly zipf: Zipf;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    const real = [...new Set(REAL_WORDS)];
    const taken = new Set(real);
    const made = madeUpWords(new Rng(seed ^ 0x5eed), VOCABULARY_SIZE - real.length, taken);
    // Interleave: a real word at every third rank while they last.
    const ranked: string[] = [];
    let r = 0;
    let m = 0;
    for (let rank = 0; ranked.length < VOCABULARY_SIZE; rank++) {
      if ((rank % 3 === 0 && r < real.length) || m >= made.length) ranked.push(real[r++]!);
      else ranked.push(made[m++]!);
    }
    this.vocabulary = ranked;
    this.zipf = new Zipf(ranked.length, 1.0);
  }

  word(): string {
    return this.vocabulary[this.zipf.draw(this.rng)]!;
  }

  /** A sentence of `min`–`max` content words, function words in between, sometimes a tool name. */
  sentence(min: number, max: number, toolNames: readonly string[] = []): string {
    const n = this.rng.int(min, max);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && this.rng.chance(0.35)) parts.push(this.rng.pick(FUNCTION_WORDS));
      parts.push(toolNames.length > 0 && this.rng.chance(0.06) ? this.rng.pick(toolNames) : this.word());
    }
    return `${capitalise(parts.join(' '))}.`;
  }

  paragraph(sentences: number, toolNames: readonly string[]): string {
    return Array.from({ length: sentences }, () => this.sentence(8, 18, toolNames)).join(' ');
  }
}

interface ToolOut {
  id: string;
  name: string;
  aliases: string[];
  category: string;
  purpose: string;
  problems: string[];
  command?: string;
  tags: string[];
}

function eventFiles(w: Writer, eventNo: number, talkCount: number, talkOffset: number) {
  const rng = w.rng;
  const eventId = `gen-conf-${String(eventNo).padStart(3, '0')}`;
  // Tools: real ones (same ids in every event, as each event has its own namespace) and made-up ones.
  const tools: ToolOut[] = [];
  const toolIds = new Set<string>();
  for (const t of rng.sample(REAL_TOOLS, REAL_TOOLS_PER_EVENT)) {
    const id = slug(t.name);
    toolIds.add(id);
    tools.push({
      id,
      name: t.name,
      aliases: [...(t.aliases ?? [])],
      category: t.category,
      purpose: `${t.purpose} ${w.sentence(6, 12)}`,
      problems: [...t.problems, w.sentence(4, 8).replace(/\.$/, '').toLowerCase()],
      ...(t.command ? { command: t.command } : {}),
      tags: [...t.tags, w.word(), w.word()].filter((x, i, a) => a.indexOf(x) === i),
    });
  }
  while (tools.length < REAL_TOOLS_PER_EVENT + MADE_UP_TOOLS_PER_EVENT) {
    const name = `${capitalise(w.word())}${rng.chance(0.4) ? ` ${capitalise(w.word())}` : ''}`;
    const id = slug(name);
    if (!id || toolIds.has(id)) continue;
    toolIds.add(id);
    tools.push({
      id,
      name,
      aliases: rng.chance(0.3) ? [name.toLowerCase().replace(/\s+/g, '')] : [],
      category: `${w.word()} ${w.word()}`,
      purpose: w.sentence(8, 16),
      problems: Array.from({ length: rng.int(2, 4) }, () => w.sentence(4, 9).replace(/\.$/, '').toLowerCase()),
      tags: Array.from(new Set(Array.from({ length: rng.int(2, 5) }, () => w.word()))),
    });
  }

  const speakers = Array.from({ length: SPEAKERS_PER_EVENT }, (_, i) => {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const [first, last] = name.split(' ') as [string, string];
    return {
      id: `${slug(name)}-${i + 1}`,
      name,
      aliases: [first, last],
      ...(rng.chance(0.8) ? { company: rng.pick(COMPANIES) } : {}),
      bio: w.paragraph(rng.int(1, 2), []),
      tags: Array.from(new Set(Array.from({ length: rng.int(2, 4) }, () => w.word()))),
    };
  });

  const talks = Array.from({ length: talkCount }, (_, i) => {
    const talkTools = rng.sample(tools, rng.int(2, 6));
    const toolNames = talkTools.map((t) => t.name);
    const titleWords = Array.from({ length: rng.int(2, 5) }, () => w.word());
    if (rng.chance(0.5)) titleWords.unshift(rng.pick(toolNames));
    const title = titleWords.map(capitalise).join(' ');
    const tags = Array.from(new Set([...talkTools.slice(0, 2).map((t) => t.name.toLowerCase()), ...Array.from({ length: rng.int(3, 7) }, () => w.word())]));
    const points = Array.from({ length: rng.int(5, 10) }, () => {
      const linked = rng.sample(talkTools, rng.int(0, 2));
      return {
        text: w.sentence(8, 20, linked.map((t) => t.name)),
        tags: Array.from(new Set(Array.from({ length: rng.int(1, 3) }, () => w.word()))),
        tools: linked.map((t) => t.id),
      };
    });
    return {
      id: `talk-${talkOffset + i + 1}`,
      title,
      aliases: rng.chance(0.3) ? [`${titleWords[0]} talk`] : [],
      summary: w.paragraph(rng.int(6, 9), toolNames),
      tags,
      speakers: rng.sample(speakers, rng.chance(0.25) ? 2 : 1).map((s) => s.id),
      tools: talkTools.map((t) => t.id),
      points,
    };
  });

  const booths = Array.from({ length: BOOTHS_PER_EVENT }, (_, i) => {
    const shown = rng.sample(tools, rng.int(1, 3));
    return {
      id: `booth-${i + 1}`,
      name: `${rng.pick(COMPANIES)} booth ${i + 1}`,
      aliases: [],
      description: w.paragraph(2, shown.map((t) => t.name)),
      tags: [w.word(), w.word()].filter((x, j, a) => a.indexOf(x) === j),
      tools: shown.map((t) => t.id),
    };
  });

  const event = {
    id: eventId,
    name: `GenConf ${eventNo}`,
    aliases: [`Generated Conference ${eventNo}`],
    city: rng.pick(['Berlin', 'Munich', 'Hamburg', 'Vienna', 'Zurich', 'Amsterdam']),
    summary: w.paragraph(3, []),
    format: 'Hybrid: on site, or online through a live stream; recordings stay available to ticket holders.',
    facts: Array.from({ length: 4 }, () => ({ text: w.sentence(8, 16), tags: [w.word()] })),
    tags: [w.word(), w.word()].filter((x, j, a) => a.indexOf(x) === j),
  };
  return { eventId, event, talks, speakers, tools, booths };
}

export type GeneratedEvent = ReturnType<typeof eventFiles>;

/** The events of a generated knowledge base of `talks` talks, built in memory, one at a time. */
export function* generateEvents(talks: number, seed = DEFAULT_SEED): Generator<GeneratedEvent> {
  const w = new Writer(seed + talks);
  const events = Math.ceil(talks / TALKS_PER_EVENT);
  for (let e = 0; e < events; e++) {
    const count = Math.min(TALKS_PER_EVENT, talks - e * TALKS_PER_EVENT);
    yield eventFiles(w, e + 1, count, e * TALKS_PER_EVENT);
  }
}

/** Writes `talks` generated talks under `root` (one folder per 100 talks) and returns what was written. */
export async function generateKnowledge(root: string, talks: number, seed = DEFAULT_SEED): Promise<Generated> {
  let bytes = 0;
  let events = 0;
  const opts = { lineWidth: 0 } as const;
  for (const f of generateEvents(talks, seed)) {
    events++;
    const dir = join(root, f.eventId);
    await mkdir(dir, { recursive: true });
    const files: Array<[string, unknown]> = [
      ['event.yaml', f.event],
      ['talks.yaml', f.talks],
      ['speakers.yaml', f.speakers],
      ['tools.yaml', f.tools],
      ['booths.yaml', f.booths],
    ];
    for (const [name, data] of files) {
      const text = stringify(data, opts);
      bytes += Buffer.byteLength(text);
      await writeFile(join(dir, name), text);
    }
  }
  return { dir: root, talks, events, bytes, vocabulary: vocabularyFor(talks, seed) };
}

/** The generator's vocabulary for `talks`, without writing anything (for random-word inputs). */
export function vocabularyFor(talks: number, seed = DEFAULT_SEED): readonly string[] {
  return new Writer(seed + talks).vocabulary;
}
