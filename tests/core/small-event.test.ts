/**
 * A small invented event written here, for answers that need one shaped just
 * so. The place: what the notes say of the venue answers "where", a fact that
 * merely mentions the venue does not, and something the notes never mention
 * "at the venue" gets no answer. A talk: the reply leads with the points that
 * answer each part of the question.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { pointOnTool } from '../../src/answer/leads.js';
import type { ToolEntity } from '../../src/knowledge/base.js';
import { BASE_LANGUAGE } from '../../src/language/language.js';
import { SearchIndex, type Match } from '../../src/search/index.js';
import { DEFAULT_SEARCH_OPTIONS } from '../../src/search/options.js';
import type { Reply } from '../../src/reply.js';
import { renderPlain } from '../../src/render/plain.js';
import { cleanupTemp, tempDir } from './helpers.js';

const EVENT = `id: lanternfield-2030
name: Lanternfield Summit 2030
city: Brisketon
summary: A fictional one-day summit on build tooling, invented for this test.
format: Hybrid, in person at the mill and online for remote attendees, with questions taken from both.
venue:
  name: The Old Mill
  location: A converted flour mill on Weir Lane, Brisketon.
  getting_there: Take tram 4 to Weir Lane and walk two minutes along the river.
tickets:
  - name: Day pass
    details: 120 EUR for the day, lunch included.
  - name: Student pass
    details: 40 EUR with a valid student card.
facts:
  - text: The venue Wi-Fi network was Mill-Guest, with the password printed on every badge.
    tags: [wifi, internet, password]
  - text: Registration opened at 08:30 at the desk in the mill's entrance hall; attendees had to collect their badge there.
    tags: [registration, badge, opening time]
  - text: A staffed luggage room by the entrance kept coats and bags all day.
    tags: [cloakroom, luggage, coats]
  - text: The summit's hackathon ran from Saturday 10:00 to Sunday 10:00 in the mill's loft.
    tags: [hackathon]
  - text: The expo had two stands, Lumen Forge and Tallow Labs, by the mill wheel.
    tags: [expo]
  - text: Speakers stayed at the Weir Hotel across the river.
    tags: [speakers, accommodation]
  - text: A lift serves every floor, and the entrance is step-free.
    tags: [accessibility]
  - text: Online viewers sent their questions through a moderator, who read them out to the speaker.
    tags: [online, remote]
`;

const BOOTHS = `- id: lumen-forge
  name: Lumen Forge
  description: Showed a dashboard that replays a failed build step by step.
- id: tallow-labs
  name: Tallow Labs
  description: Handed out stickers and showed a linter for pipeline files.
`;

const BOOKS = `- id: hackathons-from-zero
  title: Hackathons from Zero
  authors: [Ada Fenwick]
  about: Running and joining hackathons as a beginner.
- id: caches-in-practice
  title: Caches in Practice
  authors: [Bo Lindqvist]
  about: Designing caches, from one box to sharded layers.
`;

const TOOLS = `- id: bundlepack
  name: Bundlepack
  purpose: Bundles a web app's modules for the browser, packing them into as few files as possible.
  tags: [bundler, build]
- id: cachebox
  name: Cachebox
  purpose: Keeps compiled outputs between builds, and finds holes in what it caches.
- id: quillstash
  name: Quillstash
  purpose: Stores build artefacts between runs so that a pipeline downloads instead of rebuilding.
  tags: [artefact store]
- id: meshkeeper
  name: Meshkeeper
  aliases: [meshkeeper rules]
  purpose: A control plane for a service mesh whose rules teams keep in git, run in one cluster or across several.
  problems:
    - resolve ".mesh" service addresses
  tags: [service mesh]
`;

const TALKS = `- id: cache-story
  title: How Our Cache Grew Up
  summary: A team's story of the cache in front of their API, from one box to many.
  points:
    - text: Every request went through one cache machine, so when it went down the whole site went down with it.
      tags: [single point of failure, outage]
    - text: They solved it by sharding the cache across many machines, with a rule per URL deciding which one holds a page.
      tags: [sharding]
    - text: Cached pages expire after ten seconds, which kept scores fresh enough for their readers.
      tags: [ttl, expiry]
- id: build-caches
  title: Caching Builds Between Runs
  summary: How a pipeline stopped rebuilding what it had built before.
  points:
    - text: Quillstash stores build artefacts between runs, so a pipeline downloads them cheaply instead of rebuilding.
      tools: [quillstash]
    - text: "\`quillstash push --all\` uploads every artefact at the end of a run; \`quillstash gc\` drops those older than a week."
      tools: [quillstash]
    - text: Bundlepack's output is cached between runs as well.
      tools: [bundlepack]
- id: first-hackathon
  title: Your First Hackathon
  summary: Wren, who has coached hackathon teams for eight years, on how beginners prepare for a first hackathon, pick a team and ship something by the end.
  speakers: [wren-adeyemi]
  points:
    - text: Teams of three finished more often than larger ones.
    - text: Most teams shipped their demo as one Bundlepack bundle.
      tools: [bundlepack]
- id: mesh-story
  title: A Mesh Across Clouds
  summary: How one team joined three clusters with a service mesh.
  points:
    - text: Meshkeeper's own DNS answers for ".mesh" names, mapping each to an IP address set in advance.
      tools: [meshkeeper]
    - text: Brightside keeps 212 meshkeeper rules in git, each reviewed by a second engineer.
      tools: [meshkeeper]
    - text: The team moved its clusters onto the mesh one at a time, starting with the quietest.
    - text: Moving all three clusters took fourteen weeks.
    - text: In the second year the team replaced its Zookeeper registry with Meshkeeper's own.
    - text: The team replaced Zookeeper because its quorum kept breaking across the three clouds.
`;

const SPEAKERS = `- id: wren-adeyemi
  name: Wren Adeyemi
  company: Millrace Labs
  bio: Hackathon coach at Millrace Labs since 2024. Wren gave the talk on first hackathons.
`;

let hallway: Hallway;
const ask = (text: string): Reply => hallway.ask(text);

beforeAll(async () => {
  const root = await tempDir();
  const dir = join(root, 'lanternfield-2030');
  await mkdir(dir);
  await writeFile(join(dir, 'event.yaml'), EVENT);
  await writeFile(join(dir, 'tools.yaml'), TOOLS);
  await writeFile(join(dir, 'talks.yaml'), TALKS);
  await writeFile(join(dir, 'speakers.yaml'), SPEAKERS);
  await writeFile(join(dir, 'booths.yaml'), BOOTHS);
  await writeFile(join(dir, 'books.yaml'), BOOKS);
  hallway = await Hallway.load(root, { cache: { cacheDir: false } });
});

afterAll(cleanupTemp);

describe('questions about the place', () => {
  it('“how do I get to the venue?” leads with the way there, not with a fact that mentions the venue', () => {
    const reply = ask('how do I get to the venue?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/tram 4|Weir Lane/);
    expect(reply.lead).not.toMatch(/Wi-Fi/);
  });

  it.each(['where can I smoke at the venue?', 'what will the weather be like in Brisketon?', 'best pizza near the venue'])(
    '“%s”: the notes know the place and nothing of what is asked about it, so no answer',
    (text) => {
      expect(ask(text).status).toBe('no-answer');
    },
  );

  it('“how do I get to the venue from the train station?” gives the way there, though the notes never say “train”', () => {
    const reply = ask('how do I get to the venue from the train station?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/tram 4/);
  });

  it.each(['old mill locaton', 'how do I get to the venue by public transport'])('“%s” (a place word misspelt, or public transport) gives the venue and the way there', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Weir Lane/);
  });

  it('“is there a shuttle bus from the airport?”: a way of getting there the notes never mention gets no answer', () => {
    expect(ask('is there a shuttle bus from the airport?').status).toBe('no-answer');
  });

  it('a word of the language is never read as a typo of a notes word: “parking” is not “packing”', () => {
    const reply = ask('is there parking at the venue?');
    expect(reply.status).toBe('no-answer');
    expect(reply.lead).not.toMatch(/Bundlepack/);
  });

  it.each([
    ['where do I pick up my badge?', /08:30/],
    ['can I get online at the venue?', /Mill-Guest/],
    ['anywhere for my suitcase?', /luggage room/],
    ['where can I leave my suitcase?', /luggage room/],
  ])('everyday phrasing “%s” finds the fact', (text, expected) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(expected);
  });
});

describe('a question in parts', () => {
  it('“where was <the event> held and what time did the doors open” answers where, and says the notes lack the rest', () => {
    const reply = ask('where was Lanternfield held and what time did the doors open each morning?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/The Old Mill|Weir Lane/);
    expect(reply.lead).toMatch(/say nothing about “what time did the doors open each morning”/);
  });

  it('“how did they fix the single point of failure” leads with the failure and then the fix, not the failure alone', () => {
    const reply = ask('how did they fix the cache single point of failure?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/one cache machine/);
    expect(reply.lead).toMatch(/sharding/);
    expect(reply.lead).not.toMatch(/ten seconds/);
  });
});

describe('a question about a tool that says more than its name', () => {
  it('“how does meshkeeper resolve .mesh addresses” gives the purpose and then the point that says how', () => {
    const reply = ask('how does meshkeeper resolve .mesh addresses');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('Meshkeeper');
    expect(reply.lead).toMatch(/DNS/);
  });

  it('“how many meshkeeper rules does Brightside keep in git” is the point that says so, not the tool its words name', () => {
    const reply = ask('how many meshkeeper rules does Brightside keep in git?');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('A Mesh Across Clouds');
    expect(reply.lead).toMatch(/^Brightside keeps 212/);
  });
});

describe('questions shaped in other ways', () => {
  it('“when does the hackathon start” is the fact that says when, not the talk about hackathons', () => {
    const reply = ask('when does the hackathon start');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Saturday 10:00/);
  });

  it('“who ran the beginners hackathon talk” names the speaker, not the fact that the hackathon ran', () => {
    const reply = ask('who ran the beginners hackathon talk?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Wren Adeyemi/);
  });

  it('“who works at mill race”: two words that the notes write as one, one of them unknown, are searched as that word', () => {
    const reply = ask('who works at mill race');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Wren Adeyemi \(Millrace Labs\)/);
  });
});

describe('booths, books and a name typed by ear', () => {
  it('a long message that names a booth and asks what it showed gets the booth', () => {
    const reply = ask("I walked past the Lumen Forge booth but didn't stop. What were they showing?");
    expect(reply.title).toMatch(/^Lumen Forge/);
    expect(reply.lead).toMatch(/replays a failed build/);
  });

  it('“lumen forge features?” is the stand, not the expo fact that only lists its name', () => {
    expect(ask('lumen forge features?').title).toMatch(/^Lumen Forge/);
  });

  it('“what books were recommended at Lanternfield” lists the books, though it names the event', () => {
    const reply = ask('what books were recommended at Lanternfield');
    expect(reply.status).toBe('answer');
    expect(reply.lead).not.toMatch(/fictional one-day summit/);
    const text = JSON.stringify(reply);
    expect(text).toMatch(/Hackathons from Zero/);
    expect(text).toMatch(/Caches in Practice/);
  });

  it('a long book question that matches a book on two words gets the book', () => {
    const reply = ask('hi, our team keeps fighting with our cache layer, I want to read up on sharding, any books?');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('Caches in Practice');
  });

  it('a first letter that sounds alike is a typo: “kachebox” is Cachebox', () => {
    expect(ask('kachebox').title).toBe('Cachebox');
  });
});

describe('typos and turns of phrase', () => {
  it('“which hotle did the speakers stay at”: a swap of two letters is read first (hotel, not holes)', () => {
    expect(ask('which hotle did the speakers stay at?').lead).toMatch(/Weir Hotel/);
    const fixes = new SearchIndex(hallway.knowledge, DEFAULT_SEARCH_OPTIONS).correct('hotle');
    expect(fixes[0]!.word).toBe('hotel');
    expect(fixes.find((f) => f.word === 'holes')?.similarity ?? 0).toBeLessThan(fixes[0]!.similarity);
    // A short word's swap is found though it shares no letter group with the typo.
    expect(new SearchIndex(hallway.knowledge, DEFAULT_SEARCH_OPTIONS).correct('mlil')[0]?.word).toBe('mill');
  });

  it('a four-letter word with a doubled letter typed once is read as the word (“weks” is weeks)', () => {
    expect(new SearchIndex(hallway.knowledge, DEFAULT_SEARCH_OPTIONS).correct('weks')[0]?.word).toBe('weeks');
  });

  it('“what did Wren Adeyemi say about teams” leads with what the speaker said, not who they are', () => {
    expect(ask('what did Wren Adeyemi say about teams').lead).toMatch(/^Teams of three/);
  });

  it('“I can’t do stairs, can I still get in?” finds the accessibility fact', () => {
    expect(ask("I can't do stairs, is there a lift?").lead).toMatch(/step-free/);
  });
});

describe('a talk on a topic the notes never name', () => {
  it('“is there a talk about terraform cache sharding” gets no answer, though the notes have a talk on caching', () => {
    expect(ask('is there a talk about terraform cache sharding').status).toBe('no-answer');
  });

  it('“is there a talk about sharding” finds the talk that covered it', () => {
    const reply = ask('is there a talk about sharding');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('How Our Cache Grew Up');
  });
});

describe('a question whose answer is a number', () => {
  it('“how long did the move onto the mesh take” leads with the point that gives a duration', () => {
    const reply = ask('how long did moving the clusters onto the mesh take?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/fourteen weeks/);
    expect(reply.lead.indexOf('fourteen weeks')).toBeLessThan(80);
  });
});

describe('a number the talk’s summary gives', () => {
  it('“how long has Wren coached hackathon teams” leads with the summary’s eight years, not a point’s “teams of three”', () => {
    const reply = ask('how long has Wren coached hackathon teams?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/eight years/);
  });
});

describe('tickets', () => {
  it('“is there a student discount”: a word the notes never use beside a ticket’s name finds that ticket', () => {
    const reply = ask('is there a student discount');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/^Student pass/);
  });
});

describe('an event question that a fact answers', () => {
  it('“how can online attendees ask questions” leads with the fact, though the event’s own card matches every word', () => {
    const reply = ask('how can online attendees ask questions');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/^Online viewers sent their questions through a moderator/);
  });

  it('“wher is the old mlil” (the venue’s name, misspelt) leads with the venue, not a fact that names it', () => {
    expect(ask('wher is the old mlil').lead).toMatch(/flour mill on Weir Lane/);
  });
});

describe('the key point added to a tool card', () => {
  const pointMatch = (talkId: string, index: number): Match => {
    const talk = hallway.knowledge.get('talk', 'lanternfield-2030', talkId)!;
    return { doc: { type: 'point', owner: talk, index }, score: 1, coverage: 1, matchedWords: 1, directWords: 1 };
  };
  const tool = (id: string) => hallway.knowledge.get('tool', 'lanternfield-2030', id) as ToolEntity;

  it('is one that says more of the question than the purpose', () => {
    const said = pointOnTool(BASE_LANGUAGE, tool('meshkeeper'), ['meshkeeper', 'resolve', 'mesh', 'addresses'], [pointMatch('mesh-story', 0)]);
    expect(said).toMatch(/DNS/);
  });

  it('is never one that mostly says the purpose again', () => {
    const said = pointOnTool(BASE_LANGUAGE, tool('quillstash'), ['quillstash', 'store', 'artefacts', 'cheaply'], [pointMatch('build-caches', 0)]);
    expect(said).toBeUndefined();
  });
});

describe('a question whose own words are misspelt', () => {
  it('“any recomended books from the confrence?” reads the question words as meant, and lists the books', () => {
    const reply = ask('any recomended books from the confrence?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Hackathons from Zero/);
    expect(reply.lead).toMatch(/Caches in Practice/);
  });

  it('“wrenna adeyemi talk summary”: a first name misspelt past correcting, beside the right surname, still names the speaker', () => {
    const reply = ask('wrenna adeyemi talk summary');
    expect(reply.status).toBe('answer');
    expect(`${reply.title} ${reply.lead}`).toMatch(/Your First Hackathon/);
  });

  it('a talk on a topic the notes never name is still no talk they have (“talk about zeppelins”)', () => {
    expect(ask('is there a talk about zeppelins').status).toBe('no-answer');
  });
});

describe('a book asked for by one word of its title', () => {
  it('“any book recs for hackathon teams?” finds the book whose title has one of its words', () => {
    const reply = ask('any book recs for hackathon teams?');
    expect(reply.status).toBe('answer');
    expect(reply.title).toMatch(/Hackathons from Zero/);
  });

  it('but not a book that shares no word of its title (“any book about learning zeppelins”)', () => {
    expect(ask('any book about learning zeppelins').status).toBe('no-answer');
  });
});

describe('the tools of a talk', () => {
  it('“which tools in the caching builds between runs talk were for bundling” lists the tool those words match first', () => {
    const text = renderPlain(ask('which tools in the caching builds between runs talk were for bundling'));
    expect(text).toMatch(/Bundlepack/);
    expect(text).toMatch(/Quillstash/);
    expect(text.indexOf('Bundlepack')).toBeLessThan(text.indexOf('Quillstash'));
  });
});

describe('the tools of a speaker', () => {
  it('“Wren Adeyemi - which tools did she show” lists the tools of her talk, not her card', () => {
    const reply = ask('Wren Adeyemi - which tools did she show');
    expect(reply.status).toBe('answer');
    expect(reply.title).toMatch(/Your First Hackathon/);
    expect(renderPlain(reply)).toMatch(/Bundlepack/);
  });
});

describe('a tool the question names, with a key point that says more', () => {
  it('“what’s the command to upload every artefact with quillstash” is Quillstash’s card leading with that point, not another tool', () => {
    const reply = ask('what’s the command to upload every artefact with quillstash');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('Quillstash');
    expect(reply.lead).toMatch(/quillstash push --all/);
  });
});

describe('everyday wording', () => {
  it('“who exhibited at the expo” lists the booths', () => {
    const reply = ask('who exhibited at the expo');
    expect(reply.status).toBe('answer');
    expect(renderPlain(reply)).toMatch(/Lumen Forge/);
    expect(renderPlain(reply)).toMatch(/Tallow Labs/);
  });

  it('“where does Wren work?” is the speaker, with the company', () => {
    const reply = ask('where does Wren work?');
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('Wren Adeyemi');
    expect(reply.lead).toMatch(/Millrace Labs/);
  });

  it('a short speaker card gives the first sentence of the bio, who they are', () => {
    const reply = ask('who is Wren Adeyemi');
    expect(reply.lead).toMatch(/Hackathon coach at Millrace Labs since 2024\./);
    expect(reply.lead).not.toMatch(/gave the talk on first hackathons/);
  });
});

describe('a question that asks why', () => {
  it.each(['why did the team replace zookeeper in the end?', 'why did the team give up on zookeeper'])('“%s” leads with the point that gives the reason', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/^The team replaced Zookeeper because/);
  });
});

describe('who is behind a talk, and who a person is', () => {
  it('“who spoke about packing hackathon demos … with bundlepack”: of the talks that mention the tool, the one that matched best', () => {
    const reply = ask('who spoke about packing hackathon demos into as few files as possible with bundlepack');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Wren Adeyemi/);
    expect(reply.lead).toMatch(/Your First Hackathon/);
  });

  it.each(['wren adeyemi company', 'what is wren adeyemi’s role'])('“%s” is the person’s card', (text) => {
    const reply = ask(text);
    expect(reply.status).toBe('answer');
    expect(reply.title).toBe('Wren Adeyemi');
    expect(reply.lead).toMatch(/Millrace Labs/);
  });
});
