/**
 * The benchmark's query sets, one per kind, as typed in chat. They name real
 * terms of the DevOpsCon knowledge, which the generated knowledge uses too.
 */

export const KINDS = ['keyword', 'typo', 'question'] as const;
export type QueryKind = (typeof KINDS)[number];

export const QUERIES: Readonly<Record<QueryKind, readonly string[]>> = {
  keyword: [
    'kuma',
    '/talk kafka',
    'prometheus',
    '/tool grafana',
    'kubernetes',
    '/talk service mesh',
    'heap dump',
    '/talk mongodb',
    'terraform',
    '/tool jcmd',
  ],
  typo: [
    'kuberntes securty',
    'promethues',
    '/talk kafak',
    'grafna dashbords',
    '/tool terrafrom',
    'mongdb migration',
    'servcie mesh',
    'hep dump',
    'obsevability',
    '/talk istoi',
  ],
  question: [
    'which tool can I use to look at a heap dump?',
    'who talked about Kuma?',
    'why did Sofascore leave MongoDB?',
    'how do I monitor latency with Prometheus?',
    'what is a good way to find a memory leak in a Java application?',
    'which talks covered Kubernetes security?',
    'how can I speed up my Gradle build with a cache?',
    'where can I watch the recordings?',
    'what did the speakers say about Kafka on Kubernetes?',
    'how do I scan container images for vulnerabilities?',
  ],
};
