/**
 * The English lexicon and cues are data the core trusts: checked here like
 * knowledge files, with messages that say which word or group to fix.
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/language/en.js';
import { BASE_LANGUAGE, Language } from '../../src/language/language.js';
import { STOP_WORDS, SYNONYM_GROUPS } from '../../src/language/lexicon.js';
import { readQuestion, writtenAsNames } from '../../src/answer/question.js';

describe('the lexicon (src/language/lexicon.ts)', () => {
  it('writes every word folded: lower-case letters and digits only', () => {
    const bad = [...STOP_WORDS, ...SYNONYM_GROUPS.flat()].filter((w) => !/^[a-z0-9]+$/.test(w));
    expect(bad, 'write these as the tokenizer makes them').toEqual([]);
  });

  it('puts a word in at most one synonym group, and never in a group and the stop words', () => {
    const stop = new Set(STOP_WORDS);
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const group of SYNONYM_GROUPS) {
      for (const w of group) {
        if (stop.has(w)) problems.push(`'${w}' is a stop word and in the group of '${group[0]}'`);
        const first = owner.get(w);
        if (first !== undefined) problems.push(`'${w}' is in the groups of '${first}' and '${group[0]}'`);
        owner.set(w, group[0]!);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps groups small (2–16 words) and lists each stop word once', () => {
    expect(SYNONYM_GROUPS.filter((g) => g.length < 2 || g.length > 16).map((g) => g[0])).toEqual([]);
    expect(STOP_WORDS.filter((w, i) => STOP_WORDS.indexOf(w) !== i)).toEqual([]);
  });
});

describe('the English cues (src/language/en.ts)', () => {
  it('lists intent words and time words that are not stop words (a stop word never reaches them)', () => {
    const stop = new Set(STOP_WORDS);
    const words = [...Object.values(ENGLISH.intentWords).flat(), ...ENGLISH.timeWords.filter((w) => w !== 'when')];
    expect(words.filter((w) => stop.has(w))).toEqual([]);
  });

  it('reads a phrase as its one word, and only as a whole phrase', () => {
    expect(BASE_LANGUAGE.rephrase(['can', 'i', 'catch', 'up', 'on', 'the', 'talks'])).toEqual(['can', 'i', 'rewatch', 'the', 'talks']);
    expect(BASE_LANGUAGE.rephrase(['the', 'hq', 'caught', 'fire'])).toEqual(['the', 'hq', 'caught', 'fire']);
    expect(BASE_LANGUAGE.rephrase(['catch', 'upstream'])).toEqual(['catch', 'upstream']);
  });

  it('maps every phrase to a word of the synonym lexicon (so the word finds its group), or to nothing (filler)', () => {
    const grouped = new Set(SYNONYM_GROUPS.flat());
    expect(ENGLISH.phrases.filter(([, word]) => word !== '' && !grouped.has(word)).map(([p]) => p)).toEqual([]);
  });

  it('takes a misspelt question word for filler, but not a real word one letter away from one', () => {
    expect(BASE_LANGUAGE.isStopWordTypo('whihc')).toBe(true); // which, swapped
    expect(BASE_LANGUAGE.isStopWordTypo('waht')).toBe(true);
    expect(BASE_LANGUAGE.isStopWordTypo('wher')).toBe(true);
    expect(BASE_LANGUAGE.isStopWordTypo('abour')).toBe(true); // about: a changed letter on a neighbouring key (r beside t)
    expect(BASE_LANGUAGE.isStopWordTypo('helm')).toBe(false); // four letters, one changed
    expect(BASE_LANGUAGE.isStopWordTypo('kuma')).toBe(false);
    expect(BASE_LANGUAGE.isStopWordTypo('smoke')).toBe(false); // spoke, but m is far from p
  });

  it('puts misspelt stop words right before a question is read, but never a real or a notes word', () => {
    const spell = (text: string, notes: string[] = []) => BASE_LANGUAGE.spellStopWords(text.split(' '), (w) => notes.includes(w)).join(' ');
    expect(spell('wher was the confrence held')).toBe('where was the conference held');
    expect(spell('any recomended books')).toBe('any recommended books');
    expect(spell('how long did it take')).toBe('how long did it take'); // "long" is no typo of "along"
    expect(spell('abuot kuma', ['kuma'])).toBe('about kuma');
    expect(spell('whihc abuot', ['abuot'])).toBe('which abuot'); // a word of the notes stays as typed
  });

  it('reads “a glow conference” as the event GlowCon, whose name is one word ending in “con”', () => {
    const glow = new Language({ contextNames: ['GlowCon 2031'] });
    const words = glow.rephrase(['why', 'was', 'acme', 'at', 'a', 'glow', 'conference']);
    expect(words).toContain('glowcon');
    expect(words.filter((w) => glow.isContextWord(w))).toEqual(['glowcon']);
    expect(BASE_LANGUAGE.rephrase(['a', 'glow', 'conference'])).toEqual(['a', 'glow', 'conference']);
  });

  it('reads everyday phrases as the word the notes would use (“switched on” → enabled, “always on” → continuous)', () => {
    expect(BASE_LANGUAGE.rephrase('is the gil switched on'.split(' '))).toEqual(['is', 'the', 'gil', 'enabled']);
    expect(BASE_LANGUAGE.rephrase('always on profiling'.split(' '))).toEqual(['continuous', 'profiling']);
    expect(BASE_LANGUAGE.rephrase('when the game came out'.split(' '))).toEqual(['when', 'the', 'game', 'launched']);
  });

  it('reads the “code” of a dress code or a discount code as no code', () => {
    expect(BASE_LANGUAGE.rephrase('dress code for the party'.split(' '))).toEqual(['dresscode', 'for', 'the', 'party']);
    expect(BASE_LANGUAGE.rephrase('any discount code'.split(' '))).toEqual(['any', 'discount']);
  });

  it('reads “is there something to …” as a question for a tool', () => {
    expect(BASE_LANGUAGE.intentOf('is there something to manage kafka clusters running inside k8s')).toBe('tool');
    expect(BASE_LANGUAGE.intentOf('is there anything for profiling go services')).toBe('tool');
  });

  it('reads “the keynote speaker’s group” as about the group, not a question for a speaker', () => {
    expect(BASE_LANGUAGE.intentOf('what workflow manager did the keynote speaker s group require')).not.toBe('speaker');
    expect(BASE_LANGUAGE.intentOf('who was the keynote speaker')).toBe('speaker');
    expect(BASE_LANGUAGE.intentOf('which speakers talked about kafka')).toBe('speaker');
    // asking the speaker a question is about how to ask, not who spoke
    expect(BASE_LANGUAGE.intentOf('how could people at home ask the speakers something')).not.toBe('speaker');
  });

  it('knows a question that asks why, and a passage that gives a reason', () => {
    expect(BASE_LANGUAGE.asksForReason('why did they leave mongodb')).toBe(true);
    expect(BASE_LANGUAGE.asksForReason('what was the reason for the move')).toBe(true);
    expect(BASE_LANGUAGE.asksForReason('who gave the kuma talk')).toBe(false);
    expect(BASE_LANGUAGE.givesReason('They left because of locking.')).toBe(true);
    expect(BASE_LANGUAGE.givesReason('They moved back to PostgreSQL.')).toBe(false);
  });

  it('knows k8s is Kubernetes, but not that every cluster is one (an HPC or database cluster is not)', () => {
    expect(BASE_LANGUAGE.synonymsOf('k8s')).toContain('kubernetes');
    expect(BASE_LANGUAGE.synonymsOf('kubernetes')).not.toContain('cluster');
    expect(BASE_LANGUAGE.synonymsOf('cluster')).not.toContain('kubernetes');
    // nor that every container is a Docker one
    expect(BASE_LANGUAGE.synonymsOf('container')).not.toContain('docker');
  });

  it('never makes rivals synonyms: Android is not iOS', () => {
    expect(BASE_LANGUAGE.synonymsOf('android')).not.toContain('ios');
    expect(BASE_LANGUAGE.synonymsOf('ios')).not.toContain('android');
  });

  it('reads a question through the cues', () => {
    expect(BASE_LANGUAGE.intentOf('who was at the expo')).toBe('booth');
    expect(BASE_LANGUAGE.intentOf('where was the expo')).toBe('event');
    expect(BASE_LANGUAGE.asksForTime('when was it')).toBe(true);
    expect(BASE_LANGUAGE.asksForTime('what time is it')).toBe(false);
    expect([...BASE_LANGUAGE.askingWords('how long can i rewatch')]).toEqual(['long']);
    expect(BASE_LANGUAGE.isHelpRequest('tell me a joke')).toBe(true);
    expect(BASE_LANGUAGE.isHelpRequest('tell me about kuma')).toBe(false);
  });

  it.each(['write me a song about service meshes', 'can you generate a helm chart template for nginx', 'translate the talk list into german', 'please compose a haiku about caching'])(
    'takes a request to make something, “%s”, for an errand the bot does not run (help, not an answer)',
    (text) => {
      expect(BASE_LANGUAGE.isHelpRequest(text)).toBe(true);
    },
  );

  it.each(['generate a heap dump', 'how do i write an operator', 'make me a summary of the mesh talk', 'give me the slides', 'make manifests', 'create dockerfiles'])(
    'keeps “%s” a question: what is asked for is not a text or code to make',
    (text) => {
      expect(BASE_LANGUAGE.isHelpRequest(text)).toBe(false);
    },
  );

  it('drops chat filler phrases and keeps “work for” a speaker question only at the end', () => {
    expect(readQuestion(BASE_LANGUAGE, 'ask', 'hey all, quick one - what does koperator do?').words).toEqual(['koperator']);
    expect(BASE_LANGUAGE.intentOf('which company does ada work for')).toBe('speaker');
    expect(BASE_LANGUAGE.intentOf('how does cosign work for signing images')).not.toBe('speaker');
    expect(BASE_LANGUAGE.intentOf('nico works for which company')).toBe('speaker');
    expect(readQuestion(BASE_LANGUAGE, 'ask', 'linkerd was mentioned somewhere, in what context?').words).toEqual(['linkerd']);
  });

  it('reads “for that” at the end as pointing back, and “how to read it” as no book question', () => {
    expect(BASE_LANGUAGE.refersBack('which tools were suggested for that')).toBe(true);
    expect(BASE_LANGUAGE.intentOf('i took a dump but no idea how to read it')).not.toBe('book');
    expect(BASE_LANGUAGE.intentOf('what should i read about operators')).toBe('book');
  });

  it('takes each part of a joined word alone when looking for names: “OOM-killed” names OOM only', () => {
    expect(writtenAsNames('the service gets OOM-killed')).toEqual(['oom']);
    expect(writtenAsNames('we moved to Wi-Fi')).toEqual(['wi', 'fi']);
  });

  it('tells a question for a number, and a text that gives one', () => {
    expect(BASE_LANGUAGE.asksForQuantity('how many robots does fernfield have')).toBe(true);
    expect(BASE_LANGUAGE.asksForQuantity('what percentage of labels were wrong')).toBe(true);
    expect(BASE_LANGUAGE.asksForQuantity('how does kuma resolve mesh names')).toBe(false);
    expect(BASE_LANGUAGE.givesNumber('It took fourteen weeks.')).toBe(true);
    expect(BASE_LANGUAGE.givesNumber('4% of labels were wrong')).toBe(true);
    expect(BASE_LANGUAGE.givesNumber('one cluster at a time')).toBe(false);
  });
});
