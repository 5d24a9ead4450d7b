/**
 * Answers from the real knowledge base: each kind of question, typos and
 * misspelt names, the no-answer path, help and notices, cards, autocomplete,
 * and two ranking properties over every talk and tool.
 *
 * Assertions are on which entity ranks first and on what the reply leads
 * with, never on exact scores. The questions are our own phrasings; none is
 * copied from the public evaluation sample.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { renderPlain } from '../../src/render/plain.js';
import { ENTITY_KINDS, type Reply, type ReplyHit } from '../../src/reply.js';
import { EVENT_ID, KNOWLEDGE } from './helpers.js';

let hallway: Hallway;

beforeAll(async () => {
  hallway = await Hallway.load(KNOWLEDGE);
});

const ask = (text: string): Reply => hallway.ask(text);

function firstHit(reply: Reply): ReplyHit {
  const hit = reply.hits[0];
  if (!hit) throw new Error(`no hits for “${reply.query}” (status ${reply.status}, title “${reply.title}”)`);
  return hit;
}

/** Asserts the reply answered and ranks `kind:id` first. */
function expectFirst(text: string, kind: ReplyHit['kind'], id: string): Reply {
  const reply = ask(text);
  expect(reply.status, `status for “${text}”`).toBe('answer');
  const hit = firstHit(reply);
  expect(`${hit.kind}:${hit.id}`, `first hit for “${text}”`).toBe(`${kind}:${id}`);
  return reply;
}

describe('talks by topic (/talk)', () => {
  it('/talk kuma finds the service mesh talk and leads with Kuma', () => {
    const reply = expectFirst('/talk kuma', 'talk', 'service-mesh-observability-security');
    expect(reply.title).toContain('Service Mesh');
    expect(reply.lead).toMatch(/kuma/i);
  });

  it.each([
    ['/talk build cache', 'build-cache-maven-gradle-jenkins', /cache/i],
    ['/talk continuous profiling', 'profiling-cloud-native-era', /profil/i],
    ['/talk kafka on kubernetes', 'istio-kafka-challenges', /kafka/i],
    ['/talk sharding the cache', 'scaling-0-to-20-million-users', /shard|cache/i],
    ['/talk runtime security with ebpf', 'prevent-kubernetes-cluster-hacks', /secur|ebpf|tetragon/i],
  ])('%s ranks the right talk first', (text, id, lead) => {
    const reply = expectFirst(text, 'talk', id);
    expect(reply.lead).toMatch(lead);
  });

  it.each([
    ['/talk Josip', 'scaling-0-to-20-million-users', 'Josip'],
    ['/talk Iurie', 'kubernetes-operators', 'Iurie'],
    ['/talk Matthias', 'profiling-cloud-native-era', 'Matthias'],
    ['/talk Fabian', 'service-mesh-observability-security', 'Fabian'],
  ])('%s (a speaker’s first name) finds that speaker’s talk', (text, id, name) => {
    const reply = expectFirst(text, 'talk', id);
    expect(renderPlain(reply)).toContain(name);
  });

  it('a command in capitals and mention markup around it give the same answer', () => {
    for (const text of ['/TALK kuma', '<@U123|hallway> /talk kuma', '<@!42> /talk ｋｕｍａ']) {
      expect(firstHit(ask(text)).id, text).toBe('service-mesh-observability-security');
    }
  });

  it('Hallway.command answers like the typed slash command', () => {
    const typed = ask('/talk kuma');
    const direct = hallway.command('talk', 'kuma');
    expect(direct.status).toBe('answer');
    expect(firstHit(direct).id).toBe(firstHit(typed).id);
  });
});

describe('tools (/tool and plain questions)', () => {
  it('/tool thread dump lists several tools, a tool first', () => {
    const reply = ask('/tool thread dump');
    expect(reply.status).toBe('answer');
    expect(firstHit(reply).kind).toBe('tool');
    const tools = reply.hits.filter((h) => h.kind === 'tool').map((h) => h.id);
    expect(tools.length).toBeGreaterThanOrEqual(3);
    expect(tools).toEqual(expect.arrayContaining(['fastthread', 'ibm-tmda']));
    expect(renderPlain(reply)).toMatch(/fastThread/);
    expect(renderPlain(reply)).toMatch(/IBM TMDA/);
  });

  it('/tool only ever returns tools', () => {
    for (const text of ['/tool thread dump', '/tool memory leak', '/tool network', '/tool disk usage']) {
      const reply = ask(text);
      expect(reply.status, text).toBe('answer');
      expect(reply.hits.every((h) => h.kind === 'tool'), text).toBe(true);
    }
  });

  it('a plain question about heap dumps lists the heap dump analysers', () => {
    const reply = ask('which tool helps me analyse a heap dump');
    expect(reply.status).toBe('answer');
    expect(firstHit(reply).kind).toBe('tool');
    expect(renderPlain(reply)).toMatch(/HeapHero/);
    expect(renderPlain(reply)).toMatch(/Eclipse MAT/);
    const ids = reply.hits.map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining(['heaphero', 'eclipse-mat']));
  });

  it('another phrasing of the heap dump question still leads with the analysers', () => {
    const reply = ask('what can I open a Java heap dump with?');
    expect(reply.status).toBe('answer');
    expect(renderPlain(reply)).toMatch(/HeapHero/);
    expect(renderPlain(reply)).toMatch(/Eclipse MAT/);
  });

  it.each([
    ['/tool what shows kernel parameters', 'sysctl', /kernel/i],
    ['/tool check reachability of a host', 'ping', /host|packet|network/i],
    ['/tool sign container images', 'cosign', /cosign/i],
  ])('%s ranks %s first', (text, id, lead) => {
    const reply = expectFirst(text, 'tool', id);
    // It leads: within the first lines of the chat answer (the lead, or a list's first item).
    expect(renderPlain(reply).split('\n').slice(0, 3).join('\n')).toMatch(lead);
  });

  it('a tool card shows its command verbatim', () => {
    const reply = hallway.open({ kind: 'tool', event: EVENT_ID, id: 'top-threads' });
    expect(reply).toBeDefined();
    expect(renderPlain(reply!)).toContain('top -H -p <pid>');
  });
});

describe('speakers', () => {
  it.each([
    ['who demonstrated building an operator', 'iurie-muradu', 'Iurie Muradu'],
    ['who gave the Sofascore talk', 'josip-stuhli', 'Josip Stuhli'],
    ['who presented Tetragon', 'nico-meisenzahl', 'Nico Meisenzahl'],
    ['who spoke about continuous profiling', 'matthias-loibl', 'Matthias Loibl'],
  ])('“%s” ranks the speaker first', (text, id, name) => {
    const reply = expectFirst(text, 'speaker', id);
    expect(reply.lead).toContain(name);
  });

  it('“who …” about a talk with two speakers names both', () => {
    const reply = ask('who talked about observability with Kuma');
    expect(reply.status).toBe('answer');
    expect(firstHit(reply).kind).toBe('speaker');
    expect(reply.lead).toContain('Kürsten');
    expect(reply.lead).toContain('Hardt');
  });

  it.each(['kursten', 'Kursten', 'KÜRSTEN', 'who is Kursten'])('“%s” finds Philipp Kürsten (accents folded)', (text) => {
    const reply = expectFirst(text, 'speaker', 'philipp-kuersten');
    expect(reply.lead).toContain('Kürsten');
  });

  it('/talk with the unaccented surname finds his talk', () => {
    expectFirst('/talk kursten', 'talk', 'service-mesh-observability-security');
  });
});

describe('booths', () => {
  it.each([
    ['which booth showed a security gateway for containers', 'airlock-microgateway', /gateway/i],
    ['which company had a stand to hire engineers', 'zeiss', /recruit|hiring/i],
    ['a vendor doing no-code testing of mobile apps', 'sofy', /no-code/i],
  ])('“%s” finds the booth by its description', (text, id, lead) => {
    const reply = expectFirst(text, 'booth', id);
    expect(reply.lead).toMatch(lead);
  });
});

describe('books', () => {
  it.each(['reading list', 'book recommendations?'])('“%s” lists the recommended books', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(firstHit(reply).kind).toBe('book');
    const books = hallway.knowledge.all('book');
    const hitBooks = new Set(reply.hits.filter((h) => h.kind === 'book').map((h) => h.id));
    expect(hitBooks.size).toBeGreaterThanOrEqual(3);
    const named = books.filter((b) => reply.lead.includes(b.label));
    expect(named.length).toBeGreaterThanOrEqual(3);
  });
});

describe('facts: the answer leads with the matched key point', () => {
  it('why Sofascore quit MongoDB → the reasons (replication, locking)', () => {
    const reply = expectFirst('why did sofascore quit mongodb', 'talk', 'scaling-0-to-20-million-users');
    expect(reply.lead).toMatch(/replication|locking/i);
  });

  it('sharding the cache leads with the sharding point, not the summary', () => {
    const reply = ask('how did Sofascore fix its cache bottleneck');
    expect(reply.status).toBe('answer');
    expect(firstHit(reply).id).toBe('scaling-0-to-20-million-users');
    expect(reply.lead).toMatch(/shard/i);
  });

  it.each([
    'why did sofascore stop using mongodb',
    'what went wrong with MongoDB at Sofascore',
  ])('“%s” leads with the reasons Sofascore left MongoDB', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/replication|locking/i);
  });

  it("the author's own remark is answered as such", () => {
    const reply = ask('what did the synopsis author think about pprof for java');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Java Flight Recorder|limited use/);
    expect(renderPlain(reply)).toMatch(/synopsis writer's own remark|author/i);
  });
});

describe('the event', () => {
  it('asks for the venue → the Maritim proArte hotel', () => {
    const reply = expectFirst('what was the venue', 'event', EVENT_ID);
    expect(reply.lead).toMatch(/Maritim/);
  });

  it('how to get there → Friedrichstraße', () => {
    const reply = expectFirst('how do I get to the venue', 'event', EVENT_ID);
    expect(renderPlain(reply)).toMatch(/Friedrichstra(ß|ss)e/);
  });

  it('ticket price → the Fullstack Experience ticket', () => {
    const reply = expectFirst('how much does the fullstack ticket cost', 'event', EVENT_ID);
    expect(reply.lead).toMatch(/200 EUR/);
  });

  it('hybrid format → online', () => {
    const reply = expectFirst('how did people follow the talks online', 'event', EVENT_ID);
    expect(reply.lead).toMatch(/online|stream/i);
  });

  it('“where was the conference held” leads with the venue', () => {
    const reply = expectFirst('where was the conference held', 'event', EVENT_ID);
    expect(reply.lead).toMatch(/Maritim|Friedrichstra/);
  });
});

describe('typos', () => {
  it('“kubernets” finds Kubernetes content', () => {
    const reply = ask('kubernets');
    expect(reply.status).toBe('answer');
    const hit = firstHit(reply);
    const entity = hallway.knowledge.get(hit.kind, EVENT_ID, hit.id);
    expect(entity).toBeDefined();
    const words = [entity!.label, ...entity!.tags, ...entity!.aliases].join(' ');
    expect(words).toMatch(/kubernetes|k8s/i);
  });

  it('“/talk kubernets operators” finds the operators talk', () => {
    expectFirst('/talk kubernets operators', 'talk', 'kubernetes-operators');
  });

  it.each([
    ['promehteus', 'tool', 'prometheus'],
    ['/tool promehteus', 'tool', 'prometheus'],
    ['/tool clikhouse', 'tool', 'clickhouse'],
    ['/talk tetargon', 'talk', 'prevent-kubernetes-cluster-hacks'],
    ['kyvrno policies', 'talk', 'prevent-kubernetes-cluster-hacks'],
  ] as const)('“%s” (misspelt) ranks %s %s first', (text, kind, id) => {
    expectFirst(text, kind, id);
  });

  it('“Kubernetes secruity” (letter swap) finds the cluster security talk', () => {
    expectFirst('Kubernetes secruity', 'talk', 'prevent-kubernetes-cluster-hacks');
  });
});

describe('misspellings from the seed, kept as aliases', () => {
  it('“Meisenzah” finds Nico Meisenzahl', () => {
    const reply = expectFirst('Meisenzah', 'speaker', 'nico-meisenzahl');
    expect(reply.lead).toContain('Meisenzahl');
  });

  it('“Martim” finds the event at the Maritim proArte hotel', () => {
    const reply = expectFirst('Martim', 'event', EVENT_ID);
    expect(renderPlain(reply)).toContain('Maritim proArte');
  });

  it('“Opiz” finds the Opitz Consulting speakers', () => {
    const reply = ask('Opiz');
    expect(reply.status).toBe('answer');
    const hit = firstHit(reply);
    expect(hit.kind).toBe('speaker');
    expect(['philipp-kuersten', 'fabian-hardt']).toContain(hit.id);
    const speakers = reply.hits.filter((h) => h.kind === 'speaker').map((h) => h.id);
    expect(speakers).toEqual(expect.arrayContaining(['philipp-kuersten', 'fabian-hardt']));
    expect(renderPlain(reply)).toContain('Opitz Consulting');
  });

  it('“/talk Opiz” finds their talk', () => {
    expectFirst('/talk Opiz', 'talk', 'service-mesh-observability-security');
  });
});

describe('no answer', () => {
  it.each([
    'recipe for apple strudel',
    'who won the world cup',
    'weather in Berlin',
    'best pizza in town',
    'stock price of apple',
    'who talked about zen buddhism',
  ])('“%s” gets no answer, no hits and at most three suggestions', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('no-answer');
    expect(reply.hits).toEqual([]);
    expect(reply.suggestions.length).toBeLessThanOrEqual(3);
    for (const s of reply.suggestions) expect(hallway.open(s), `${s.kind}:${s.id}`).toBeDefined();
    expect(reply.lead).toMatch(/nothing|no answer/i);
  });

  it('suggestions are distinct entities', () => {
    for (const text of ['recipe for apple strudel', 'stock price of apple', 'weather in Berlin']) {
      const keys = ask(text).suggestions.map((s) => `${s.kind}:${s.id}`);
      expect(new Set(keys).size, text).toBe(keys.length);
    }
  });
});

describe('help and notices', () => {
  it.each(['', '   ', '\u200B', '<@U123>', '<!channel>'])('empty input %j gets help', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('help');
    expect(reply.hits).toEqual([]);
    expect(renderPlain(reply)).toContain('/talk');
  });

  it('/help lists every command', () => {
    const text = renderPlain(ask('/help'));
    for (const c of ['/talk', '/tool', '/ask', '/tip', '/help']) expect(text).toContain(c);
  });

  it('help uses the names a platform gives the commands', () => {
    const text = renderPlain(hallway.help({ talk: '/hallway-talk' }));
    expect(text).toContain('/hallway-talk');
  });

  it('a command without a query says what it needs', () => {
    const reply = ask('/talk');
    expect(reply.status).toBe('help');
    expect(reply.lead).toContain('/talk');
  });

  it('/tip gets a notice', () => {
    const reply = ask('/tip');
    expect(reply.status).toBe('notice');
    expect(reply.hits).toEqual([]);
  });
});

describe('the reply', () => {
  const questions = [
    '/talk kuma',
    '/tool thread dump',
    'which tool helps me analyse a heap dump',
    'who presented Tetragon',
    'reading list',
    'kubernets',
    'Opiz',
    'what was the venue',
    '/talk kubernets operators',
  ];

  it('hits are ordered by non-increasing score, every score in (0, 1]', () => {
    for (const q of questions) {
      const reply = ask(q);
      expect(reply.hits.length, q).toBeGreaterThan(0);
      reply.hits.forEach((h, i) => {
        expect(h.score, `${q} #${i}`).toBeGreaterThan(0);
        expect(h.score, `${q} #${i}`).toBeLessThanOrEqual(1);
        if (i > 0) expect(h.score, `${q} #${i}`).toBeLessThanOrEqual(reply.hits[i - 1]!.score);
      });
    }
  });

  it('every hit is a known entity, listed once, with its ref', () => {
    for (const q of questions) {
      const reply = ask(q);
      const keys = reply.hits.map((h) => `${h.kind}:${h.id}`);
      expect(new Set(keys).size, q).toBe(keys.length);
      for (const h of reply.hits) {
        expect(ENTITY_KINDS).toContain(h.kind);
        const e = hallway.knowledge.get(h.kind, EVENT_ID, h.id);
        expect(e, `${q}: ${h.kind}:${h.id}`).toBeDefined();
        expect(h.title).toBe(e!.label);
        expect(h.ref).toMatchObject({ kind: h.kind, id: h.id, event: EVENT_ID });
      }
    }
  });

  it('the query is cleaned and capped', () => {
    expect(ask('ｋｕｍａ').query).toBe('kuma');
    const long = ask(`kuma ${'x'.repeat(10_000)}`);
    expect(long.query.length).toBeLessThanOrEqual(hallway.options.maxQueryLength);
  });

  it('related links and suggestions open', () => {
    for (const q of questions) {
      for (const r of ask(q).related) expect(hallway.open(r), `${q}: ${r.kind}:${r.id}`).toBeDefined();
    }
  });
});

describe('open', () => {
  it.each([
    ['talk', 'kubernetes-operators'],
    ['speaker', 'josip-stuhli'],
    ['tool', 'heaphero'],
    ['booth', 'splunk'],
    ['book', 'the-go-programming-language'],
    ['event', EVENT_ID],
  ] as const)('returns the card of %s %s', (kind, id) => {
    const entity = hallway.knowledge.get(kind, EVENT_ID, id);
    expect(entity).toBeDefined();
    const reply = hallway.open({ kind, event: EVENT_ID, id });
    expect(reply).toBeDefined();
    expect(reply!.status).toBe('answer');
    expect(reply!.title).toContain(entity!.label);
    expect(firstHit(reply!)).toMatchObject({ kind, id });
  });

  it('returns undefined for an unknown entity or event', () => {
    expect(hallway.open({ kind: 'talk', event: EVENT_ID, id: 'no-such-talk' })).toBeUndefined();
    expect(hallway.open({ kind: 'talk', event: 'no-such-event', id: 'kubernetes-operators' })).toBeUndefined();
  });
});

describe('complete', () => {
  it("complete('talk', 'kub') returns Kubernetes talks, one first", () => {
    const refs = hallway.complete('talk', 'kub');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.length).toBeLessThanOrEqual(25);
    expect(refs.every((r) => r.kind === 'talk')).toBe(true);
    expect(refs[0]!.label).toMatch(/Kubernetes/);
    for (const r of refs) {
      const talk = hallway.knowledge.get('talk', r.event, r.id);
      expect(talk, r.id).toBeDefined();
      expect([talk!.label, ...talk!.tags, talk!.data.summary].join(' '), r.id).toMatch(/kubernetes/i);
    }
    const withTitle = hallway.knowledge.all('talk').filter((t) => /kubernetes/i.test(t.label)).map((t) => t.id);
    expect(refs.map((r) => r.id)).toEqual(expect.arrayContaining(withTitle));
  });

  it("complete('tool', '') gives useful non-empty choices", () => {
    const refs = hallway.complete('tool', '');
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.length).toBeLessThanOrEqual(25);
    expect(refs.every((r) => r.kind === 'tool' && r.label.length > 0)).toBe(true);
    expect(new Set(refs.map((r) => r.id)).size).toBe(refs.length);
    for (const r of refs) expect(hallway.open(r)).toBeDefined();
  });

  it("complete('tool', 'hea') offers the heap dump tools", () => {
    const ids = hallway.complete('tool', 'hea').map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['heap-dump', 'heaphero']));
  });

  it('respects a smaller limit and never exceeds 25', () => {
    expect(hallway.complete('talk', 'kub', 2).length).toBeLessThanOrEqual(2);
    expect(hallway.complete('tool', '', 1000).length).toBeLessThanOrEqual(25);
  });
});

describe('ranking properties over the whole knowledge base', () => {
  const kb = () => hallway.knowledge;

  it('has talks and tools to test', () => {
    expect(kb().all('talk').length).toBeGreaterThan(0);
    expect(kb().all('tool').length).toBeGreaterThan(0);
  });

  it('/talk <its title> ranks every talk first', () => {
    const misses: string[] = [];
    for (const talk of kb().all('talk')) {
      const hit = ask(`/talk ${talk.label}`).hits[0];
      if (hit?.kind !== 'talk' || hit.id !== talk.id) misses.push(`${talk.id} → ${hit ? `${hit.kind}:${hit.id}` : 'nothing'}`);
    }
    expect(misses).toEqual([]);
  });

  it('/tool <its name> ranks every tool first', () => {
    const misses: string[] = [];
    for (const tool of kb().all('tool')) {
      const hit = ask(`/tool ${tool.label}`).hits[0];
      if (hit?.kind !== 'tool' || hit.id !== tool.id) misses.push(`${tool.id} → ${hit ? `${hit.kind}:${hit.id}` : 'nothing'}`);
    }
    expect(misses).toEqual([]);
  });

});

describe('a long question in the asker’s own words', () => {
  const text = 'program written in go eats cpu in prod so what should i profile it with';

  it('is answered when it matches three of its words directly, below the short-question bar', () => {
    const reply = hallway.ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.hits[0]?.id).toBe('profiling-cloud-native-era');
  });

  it('is held to the short-question bar with { minCoverageLong: 0.5 }', () => {
    const strict = new Hallway(hallway.knowledge, { search: { minCoverageLong: 0.5 } });
    expect(strict.ask(text).status).toBe('no-answer');
  });
});

describe('phrasings that once went wrong', () => {
  it('an author is not a speaker: "who is <author>" opens the book', () => {
    expectFirst('who is Michael Dame', 'book', 'the-kubernetes-operator-framework-book');
  });

  it('"who talked about <tool>" names the people behind the talk that covered it', () => {
    const reply = expectFirst('who presented the Kuma demo', 'speaker', 'philipp-kuersten');
    expect(reply.lead).toMatch(/Fabian Hardt/);
  });

  it('one changed letter does not turn an everyday word into a known one', () => {
    expect(ask('what is love').status).toBe('no-answer');
    expect(ask('what is the meaning of life').status).toBe('no-answer');
  });

  it('greetings and questions about the bot get help, not a search result', () => {
    for (const text of ['hello', 'help', 'hi there', 'what can you do', 'who are you']) {
      expect(ask(text).status, text).toBe('help');
    }
    // A greeting inside a real question does not hide the question.
    expect(ask('hello, who talked about Kuma?').status).toBe('answer');
  });

  it('everyday words alone (time, up) answer nothing', () => {
    expect(ask('what time is it').status).toBe('no-answer');
    expect(ask('whats up').status).toBe('help'); // a greeting: the help, never an answer
  });

  it('a one-word typo of a name opens that entity', () => {
    expectFirst('tetragn', 'tool', 'tetragon');
    expectFirst('clikhouse', 'tool', 'clickhouse');
  });

  it('another form of a word meets the one in the notes ("reduce" → "reduction")', () => {
    const reply = expectFirst('how did sofascore reduce cache costs', 'talk', 'scaling-0-to-20-million-users');
    expect(reply.lead).toMatch(/VPS|price|cost/i);
  });

  it('asking for tools for an artifact lists the tools, naming the artifact shows its card', () => {
    const list = ask('which tool can I use to look at a heap dump?');
    expect(list.hits.slice(0, 3).map((h) => h.id).sort()).toEqual(['eclipse-mat', 'heaphero', 'jhat']);
    const card = expectFirst('/tool heap dump', 'tool', 'heap-dump');
    expect(renderPlain(card)).toMatch(/HeapHero/);
  });
});

describe('help', () => {
  it('every example question in the help is drawn from the knowledge and answered', () => {
    const examples = ask('/help').sections.find((s) => s.heading === 'Or just ask')?.items ?? [];
    expect(examples.length).toBeGreaterThan(0);
    for (const { text } of examples) expect(ask(text!).status, text).toBe('answer');
  });
});
