/**
 * Input normalisation: what a user's raw chat text becomes before any search,
 * and how words are folded, split and stemmed on both sides of the index.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/input.js';
import { capLength, cleanInput, fold, MAX_QUERY_LENGTH, stem, terms, tokenize } from '../../src/text/normalize.js';

describe('cleanInput', () => {
  it('cuts a long text at a word boundary, so the last word is not a fragment', () => {
    const cut = cleanInput('kubernetes '.repeat(1000));
    expect(cut.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(cut.split(' ').every((w) => w === 'kubernetes')).toBe(true);
    // One long word has no boundary to cut at: it is cut at the cap.
    expect(cleanInput('x'.repeat(500))).toHaveLength(MAX_QUERY_LENGTH);
  });

  it('applies NFKC: full-width and compatibility characters become plain ones', () => {
    expect(cleanInput('ｋｕｍａ')).toBe('kuma');
    expect(cleanInput('／ｔａｌｋ　ｋｕｍａ')).toBe('/talk kuma');
    expect(cleanInput('ﬁle')).toBe('file');
  });

  it('removes zero-width characters', () => {
    expect(cleanInput('ku\u200Bma')).toBe('kuma');
    expect(cleanInput('\uFEFFwol\u200Cfi\u200D')).toBe('wolfi');
    expect(cleanInput('par\u2060ca')).toBe('parca');
    expect(cleanInput('soft\u00ADhyphen')).toBe('softhyphen');
  });

  it('removes bidi control characters', () => {
    expect(cleanInput('\u202Eamuk\u202C')).toBe('amuk');
    expect(cleanInput('\u2066kuma\u2069 \u2067mesh\u2069')).toBe('kuma mesh');
    expect(cleanInput('a\u200Eb\u200Fc\u061Cd')).toBe('abcd');
    expect(cleanInput('x\u202Ay\u202Bz\u202Dw')).toBe('xyzw');
  });

  it('strips Slack mention markup', () => {
    expect(cleanInput('<@U123|bob> what is kuma')).toBe('what is kuma');
    expect(cleanInput('<@U123> what is kuma')).toBe('what is kuma');
    expect(cleanInput('<!channel> heap dump')).toBe('heap dump');
    expect(cleanInput('<!here> heap dump <!everyone>')).toBe('heap dump');
    expect(cleanInput('<!subteam^S1> heap dump')).toBe('heap dump');
    expect(cleanInput('<!subteam^S1|@ops> heap dump')).toBe('heap dump');
    expect(cleanInput('heap <#C1|general> dump')).toBe('heap dump');
  });

  it('strips Discord mention markup', () => {
    expect(cleanInput('<@123> kuma')).toBe('kuma');
    expect(cleanInput('<@!123> kuma')).toBe('kuma');
    expect(cleanInput('<@&9> kuma')).toBe('kuma');
    expect(cleanInput('kuma <#456>')).toBe('kuma');
  });

  it('keeps text that only looks a little like markup', () => {
    expect(cleanInput('top -H -p <pid>')).toBe('top -H -p <pid>');
    expect(cleanInput('a < b and c > d')).toBe('a < b and c > d');
  });

  it('collapses whitespace and control characters into single spaces, trimmed', () => {
    expect(cleanInput('  heap \t\n  dump\r\n ')).toBe('heap dump');
    expect(cleanInput('heap\u0000dump\u0007')).toBe('heap dump');
    expect(cleanInput('heap\u00A0\u2003dump')).toBe('heap dump');
  });

  it('returns an empty string for input that is only noise', () => {
    expect(cleanInput('')).toBe('');
    expect(cleanInput('   \u200B\u202E <@U1> <!channel> ')).toBe('');
  });

  it(`caps the text at ${MAX_QUERY_LENGTH} characters by default`, () => {
    const out = cleanInput('word '.repeat(100));
    expect(out.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(out.startsWith('word word')).toBe(true);
    expect(cleanInput('abc', 2)).toBe('ab');
  });

  it('caps a 10,000-character paste', () => {
    expect(cleanInput('x'.repeat(10_000))).toBe('x'.repeat(MAX_QUERY_LENGTH));
    expect(cleanInput('kuma '.repeat(2_000)).length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    // Invisible characters in front do not smuggle the real text past the cap.
    const sneaky = cleanInput('\u200B'.repeat(9_000) + 'y'.repeat(1_000));
    expect(sneaky.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it('never splits a surrogate pair when it cuts', () => {
    const emoji = '\u{1F600}';
    const text = 'a'.repeat(MAX_QUERY_LENGTH - 1) + emoji;
    const out = cleanInput(text);
    expect(out.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    const last = out.charCodeAt(out.length - 1);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    expect(out).toBe('a'.repeat(MAX_QUERY_LENGTH - 1));

    const many = cleanInput(emoji.repeat(5_000));
    expect(many.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(many.length % 2).toBe(0);
    expect([...many].every((ch) => ch === emoji)).toBe(true);
  });

  it('capLength keeps whole code points', () => {
    expect(capLength('ab\u{1F600}', 3)).toBe('ab');
    expect(capLength('ab\u{1F600}', 4)).toBe('ab\u{1F600}');
    expect(capLength('short', 10)).toBe('short');
  });
});

describe('fold', () => {
  it('lower-cases and removes accents', () => {
    expect(fold('Kürsten')).toBe('kursten');
    expect(fold('KÜRSTEN')).toBe('kursten');
    expect(fold('Café Crème')).toBe('cafe creme');
    expect(fold('Friedrichstraße')).toBe('friedrichstrasse');
  });

  it('maps ß to ss, also the capital form', () => {
    expect(fold('ß')).toBe('ss');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('\u1E9E')).toBe('ss');
  });

  it('folds letters that have no combining accent', () => {
    expect(fold('Łódź')).toBe('lodz');
    expect(fold('Øresund')).toBe('oresund');
  });

  it('makes the accented and the plain spelling of a name equal', () => {
    expect(fold('Kürsten')).toBe(fold('KURSTEN'));
  });
});

describe('tokenize', () => {
  it('splits folded text into words on punctuation and spaces', () => {
    expect(tokenize('Kubernetes-Operators!')).toEqual(['kubernetes', 'operators']);
    expect(tokenize('Who talked about   Kuma?')).toEqual(['who', 'talked', 'about', 'kuma']);
  });

  it('keeps digits and letters together and folds accents', () => {
    expect(tokenize('K8s, Kürsten & 0 to 20 Million')).toEqual(['k8s', 'kursten', '0', 'to', '20', 'million']);
  });

  it('returns no words for punctuation only', () => {
    expect(tokenize('?! -- ...')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('stem', () => {
  it('makes British and American spellings meet', () => {
    expect(stem('analyse')).toBe(stem('analyze'));
    expect(stem('analysing')).toBe(stem('analyzing'));
    expect(stem('analysed')).toBe(stem('analyzed'));
    expect(stem('optimise')).toBe(stem('optimize'));
  });

  it('reduces plurals and verb forms to one stem', () => {
    expect(stem('dumps')).toBe(stem('dump'));
    expect(stem('tools')).toBe(stem('tool'));
    expect(stem('meshes')).toBe(stem('mesh'));
    expect(stem('operators')).toBe(stem('operator'));
    expect(stem('analyses')).toBe(stem('analyse'));
  });

  it('keeps short words and words with digits as they are', () => {
    expect(stem('ps')).toBe('ps');
    expect(stem('df')).toBe('df');
    expect(stem('k8s')).toBe('k8s');
    expect(stem('mesh')).toBe('mesh');
  });

  it('does not merge unrelated words', () => {
    expect(stem('kafka')).not.toBe(stem('kuma'));
    expect(stem('heap')).not.toBe(stem('help'));
  });

  it('keeps apart words the Porter stemmer would join to an unrelated one, and keeps their own forms together', () => {
    expect(stem('container')).not.toBe(stem('contain'));
    expect(stem('containers')).toBe(stem('container'));
    expect(stem('containerised')).toBe(stem('containerized'));
    expect(stem('news')).not.toBe(stem('new'));
    expect(stem('community')).not.toBe(stem('communication'));
    expect(stem('experience')).not.toBe(stem('experiment'));
    expect(stem('important')).not.toBe(stem('import'));
    expect(stem('contains')).toBe(stem('contain'));
  });

  it('terms() folds, tokenises and stems in order', () => {
    expect(terms('Analyzing Heap Dumps')).toEqual([stem('analyse'), 'heap', stem('dump')]);
  });
});

describe('parseInput', () => {
  it('reads a command and its query', () => {
    expect(parseInput('/talk kuma')).toEqual({ command: 'talk', query: 'kuma', explicit: true });
    expect(parseInput('/tool heap dump')).toMatchObject({ command: 'tool', query: 'heap dump', explicit: true });
    expect(parseInput('/ask why did it happen')).toMatchObject({ command: 'ask', query: 'why did it happen', explicit: true });
  });

  it('accepts a command in any case and keeps the query as typed', () => {
    expect(parseInput('/TALK kuma')).toMatchObject({ command: 'talk', query: 'kuma', explicit: true });
    expect(parseInput('/Talk   Kuma  ')).toMatchObject({ command: 'talk', query: 'Kuma' });
    expect(parseInput('/talk\tkuma')).toMatchObject({ command: 'talk', query: 'kuma' });
  });

  it('treats an unknown command as a free question', () => {
    const p = parseInput('/unknown x');
    expect(p.command).toBe('ask');
    expect(p.explicit).toBe(false);
    expect(p.query).toContain('x');
  });

  it('treats text without a command as a free question', () => {
    expect(parseInput('who talked about kuma?')).toEqual({ command: 'ask', query: 'who talked about kuma?', explicit: false });
    // A command word without its slash, or glued to the query, is not a command.
    expect(parseInput('talk kuma').command).toBe('ask');
    expect(parseInput('/talkkuma').command).toBe('ask');
  });

  it('reads /help, /tip and a bare command with an empty query', () => {
    expect(parseInput('/help')).toEqual({ command: 'help', query: '', explicit: true });
    expect(parseInput('/tip')).toMatchObject({ command: 'tip', query: '' });
    expect(parseInput('/talk')).toMatchObject({ command: 'talk', query: '' });
  });

  it('finds the command behind a leading mention and cleans the query', () => {
    expect(parseInput('<@U123|hallway> /talk kuma')).toMatchObject({ command: 'talk', query: 'kuma' });
    expect(parseInput('<@!42> /tool ｈｅａｐ\u200B dump')).toMatchObject({ command: 'tool', query: 'heap dump' });
  });

  it('caps the query', () => {
    const p = parseInput(`/talk ${'kuma '.repeat(3_000)}`);
    expect(p.command).toBe('talk');
    expect(p.query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(parseInput('x'.repeat(10_000)).query.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });
});
