/**
 * How questions are read in English: which words carry no content, which
 * words may stand for one another, and which phrasings ask for which kind of
 * answer. Pure data, the same for every conference; a conference adds its own
 * words in its knowledge folder (`event.yaml` → `vocabulary`), never here.
 *
 * Every list is folded the way the search folds text (lower case, accents
 * removed, split on anything that is not a letter or a digit), so write
 * single lower-case words: `sbahn`, not `S-Bahn`. See `README.md` beside this
 * file for how each list is used and how to change it safely.
 */
import { STOP_WORDS as LEXICON_STOP_WORDS, SYNONYM_GROUPS as LEXICON_SYNONYMS } from './lexicon.js';

export interface LanguageData {
  /** Words that carry no content in a question; dropped before search (and not indexed). */
  readonly stopWords: readonly string[];
  /** Groups of words that may stand for one another in a question (weighed below the typed word). */
  readonly synonyms: readonly (readonly string[])[];
  /**
   * What a question asks for, tried in order; the first cue that matches the
   * folded question (words joined by single spaces) decides. Each cue is a
   * regular expression source, matched case-sensitively against folded text.
   */
  readonly intentCues: readonly { readonly intent: IntentName; readonly cue: string }[];
  /** A whole question that asks for help or greets (folded): answered with help, not searched. */
  readonly helpRequest: string;
  /** A question asking where something is or how to get there (folded): an event question with it leads with the venue. */
  readonly locationCue: string;
  /** A question asking when something is or was (folded): an event question with it leads with the event's dates. */
  readonly timeCue: string;
  /** Words that mark a text as being about dates or times: a fact tagged with one, or whose text uses one (a month, "daily"), says when. */
  readonly timeWords: readonly string[];
  /**
   * Words that only say what kind of answer a question wants, dropped from a
   * question with that intent: "which company does Ada work for" asks for the
   * speaker Ada, "what dates was the event" for the event's dates.
   */
  readonly intentWords: Readonly<Partial<Record<IntentName, readonly string[]>>>;
  /**
   * How a long message's own question starts (folded), after a preamble
   * ("ok long one: I missed day one … — what did the mesh talk say about VMs"):
   * a sentence that starts so is searched alone when the whole message finds nothing.
   */
  readonly questionStart: string;
  /** Where a long message splits into sentences (raw text): sentence ends, colons and dashes between spaces. */
  readonly sentenceSplit: string;
  /**
   * Phrases that mean one word of the lexicon, folded: read as that word
   * ("catch up on the talks" → rewatch, "giving stuff away" → giveaway), so a
   * phrase's everyday words ("catch", "away") do not match notes that use them
   * in another sense ("caught fire").
   */
  readonly phrases: readonly (readonly [phrase: string, word: string])[];
  /** Words that point back to another part of a question ("… and what company were *they* from"), folded. */
  readonly backReference: string;
  /** Phrases whose words only shape the question ("how long", "how often"): those words are dropped from the question's content. */
  readonly askingPhrase: string;
  /** A question whose answer is a number or an amount ("how many", "how long", "what percentage") (folded). */
  readonly quantityCue: string;
  /** Words that write a number ("ten", "dozen", "half"): a passage with one, or with a digit, gives an amount. */
  readonly numberWords: readonly string[];
  /** Words that, beside a person's name, ask who they are ("nico meisenzahl company", "Josip's role"). */
  readonly personWords: readonly string[];
  /** A question that asks for a reason ("why did they leave MongoDB", "what was the reason") (folded). */
  readonly reasonCue: string;
  /** Words that mark a passage as giving a reason ("because", "due to"): it answers a "why" question best. */
  readonly reasonWords: readonly string[];
  /** Words that name the place itself, nearness to it, or a way of getting there ("where is the venue", "near the hotel", "from the train station"): a location question made only of them is about the event's venue, and a question that adds only words the notes never use ("pizza near the venue", "a shuttle from the airport") is not about these notes. */
  readonly venueWords: readonly string[];
  /** Words that name a talk as such ("the DuckDB talk"): "which tools were mentioned in the X talk" lists that talk's tools. */
  readonly talkWords: readonly string[];
  /**
   * Input that is code or markup, not a question (SQL, template syntax, HTML
   * tags, JavaScript's "undefined"): never answered. Matched against the raw
   * text, case-insensitively.
   */
  readonly codeLike: string;
  /** A question asking who made, built or wrote something (folded). */
  readonly makerCue: string;
  /**
   * A phrase in a text that names who made something ("by Google", "from the
   * Eclipse project"): such a text answers a maker question. Matched against
   * the original text (not folded), with the `u` flag.
   */
  readonly makerEvidence: string;
  /** Words that mark a thing as outdated: a tool described with one is listed last unless the question uses one. */
  readonly outdatedWords: readonly string[];
  /** Where a question splits into parts that are answered one by one ("where is the venue and is there wifi"). */
  readonly clauseSplit: string;
}

export type IntentName = 'talk' | 'speaker' | 'tool' | 'booth' | 'book' | 'event' | 'fact' | 'define' | 'remark';

export const ENGLISH: Readonly<LanguageData> = Object.freeze({
  stopWords: LEXICON_STOP_WORDS,
  synonyms: LEXICON_SYNONYMS,
  intentCues: [
    { intent: 'book', cue: String.raw`\b(books?|reading|(should|could|can) (i|we) read|read up|author of|authors of|wrote the book|written by)\b|\w \bauthors?$` },
    { intent: 'remark', cue: String.raw`\b(the (author|writer|attendee|blogger)|synopsis|personally|your opinion)\b` },
    { intent: 'booth', cue: String.raw`(?<!where (?:is|was|were) the )\b(booths?|stands?|expo|exhibitors?|exhibit(?:s|ed|ing|ion)?|vendors?|sponsors?|selling|sells|sold)\b` },
    {
      intent: 'speaker',
      cue: String.raw`^(who|whom|whose)\b|\b(who (spoke|talked|presented|gave|was|is|did)|(?<!\bask (?:the |a |our |my )?)speakers?(?! s\b)|presenters?(?! s\b)|presented by|spoke|(which|what) (company|companies|employer|organi[sz]ation|firm) (is|was|are|were|does|do|did)|works? (for|at)(?: (?:which|what) (?:company|companies|firm|employer|organi[sz]ation))?$|where (?:does|did|do) \w+(?: \w+)? work)\b`,
    },
    {
      intent: 'event',
      cue: String.raw`\b(venue|hotel|location|address|where (is|was|were) (it|the (conference|event|expo|exhibition))|tickets?|admission|entry fee|how much (is|are|does|do|was|were|did) (a |an |the )?(\w+ )?(pass|passes|entry)|recordings?|re ?watch\w*|watch (them |it )?(again|later|afterwards|online|from home)|livestream|live stream|hybrid|online|get there|getting there|city|wifi|wi fi|lunch|catering)\b`,
    },
    {
      intent: 'tool',
      cue: String.raw`\b(which|what) (\w+ )?\w+s (were|are|got) (mentioned|named|used|shown|demoed|recommended|compared)\b|\b(tools?|utilit(y|ies)|utils?|commands?|which .*(to use|can i use|should i use)|what (can|should) i use|how (can|do|could|should) i|analy[sz]e|debug|(is|was) there (something|anything) (to|for|that))\b`,
    },
    { intent: 'talk', cue: String.raw`\b(talks?|sessions?|presentations?|keynotes?)\b` },
    { intent: 'fact', cue: String.raw`^(why|how (did|does|do|was|were|is|are)|what (happened|made|caused|went|did))\b` },
    { intent: 'define', cue: String.raw`^(what|who) (is|are|was|were|does|do)\b|^(wat|wht|whats|waht) ` },
  ],
  helpRequest: String.raw`^(?:(?:hi|hello|hey|hallo|moin|yo|help|menu|commands|usage|start|thanks|thank you)(?: (?:there|bot|me|please))*|what (?:can|do) you (?:do|know|answer)|who are you|what are you|how (?:does this|do you) work|how (?:do|can|should) i use (?:this|you)|(?:tell me |say |know )?(?:a |any |some )?(?:jokes?|something funny)|how are (?:you|u)(?: doing)?|whats up|good (?:morning|afternoon|evening|night)|whats your name|are you (?:a )?(?:bot|robot|human|person|real|ai|alive)|i love you|(?:can|could|would|will) (?:you|u) (?:please )?(?:order|book|buy|call|send|reserve|bring|fetch|pay|sing|dance|write) (?:me|us)\b.*|(?:(?:can|could|would|will) (?:you|u) )?(?:please )?(?:(?:(?:write|compose|generate|draft) (?:me |us )?(?:a |an |some |the |my |our )?|(?:create|make|give) (?:(?:me |us )(?:a |an |some |the |my |our )?|(?:a |an |some |the |my |our )))(?:[a-z0-9]+ ){0,4}(?:songs?|poems?|haikus?|limericks?|stor(?:y|ies)|essays?|raps?|scripts?|code|snippets?|programs?|functions?|templates?|charts?|dockerfiles?|manifests?|yaml|json|configs?|regex(?:es)?|quer(?:y|ies)|diagrams?|drawings?|logos?|slogans?|tweets?|emails?|letters?)|translate)\b.*)$`,
  intentWords: {
    speaker: [
      'company', 'companies', 'employer', 'employers', 'organisation', 'organization', 'firm', 'work', 'works', 'worked', 'working',
      // "who ran the CTF talk": the verb says the speaker, not a topic
      'ran', 'run', 'runs', 'led', 'leads', 'hosted', 'hosts', 'delivered',
    ],
    // "who exhibited at the expo": the verb says booths, not a topic
    booth: ['exhibit', 'exhibits', 'exhibited', 'exhibiting', 'exhibition'],
    // "did the author go to the session": the writer of the notes is who is asked about, not a word to look for
    remark: ['author', 'writer', 'blogger'],
    event: [
      'date', 'dates', 'day', 'days', 'start', 'starts', 'begin', 'begins', 'finish', 'finishes', 'close', 'closes',
      'price', 'prices', 'cost', 'costs', 'fee', 'fees', 'priced', 'pricing',
    ],
  },
  questionStart: String.raw`^(what|whats|which|who|whom|whose|where|wheres|when|why|how|hows|is|are|was|were|do|does|did|can|could|any|anyone|anything|has|have|should|would|will|tell me|remind me|can you|could you)\b`,
  sentenceSplit: String.raw`(?<=[.!?:;])\s+|\s+[—–-]+\s+|,\s+(?=(?:what|which|who|where|when|why|how|can you|could you|any)\b)`,
  phrases: [
    ['catch up on', 'rewatch'],
    ['catch up', 'rewatch'],
    ['watch later', 'rewatch'],
    ['watch again', 'rewatch'],
    ['from home', 'online'],
    // "code" in these is no code: "dress code for the party" must not find source code
    ['dress code', 'dresscode'],
    ['discount code', 'discount'],
    ['promo code', 'discount'],
    ['coupon code', 'discount'],
    ['voucher code', 'discount'],
    ['code of conduct', 'conduct'],
    ['public transport', 'transit'],
    ['public transportation', 'transit'],
    ['public transit', 'transit'],
    ['sign up', 'register'],
    ['signing up', 'register'],
    ['check in', 'checkin'],
    ['give away', 'giveaway'],
    ['give stuff away', 'giveaway'],
    ['giving stuff away', 'giveaway'],
    ['gave stuff away', 'giveaway'],
    ['giving things away', 'giveaway'],
    ['giving away', 'giveaway'],
    ['gave away', 'giveaway'],
    ['hand out', 'giveaway'],
    ['handing out', 'giveaway'],
    ['set up', 'setup'],
    ['switched on', 'enabled'],
    ['switch on', 'enabled'],
    ['turned on', 'enabled'],
    ['turn on', 'enabled'],
    ['always on', 'continuous'],
    ['at once', 'concurrent'],
    ['at the same time', 'concurrent'],
    ['came out', 'launched'],
    ['come out', 'launched'],
    ['comes out', 'launched'],
    ['goes sideways', 'trouble'],
    ['go sideways', 'trouble'],
    ['went sideways', 'trouble'],
    ['goes wrong', 'trouble'],
    ['go wrong', 'trouble'],
    ['went wrong', 'trouble'],
    // chat filler, dropped
    ['quick one', ''],
    ['quick question', ''],
    ['quick q', ''],
    ['dumb question', ''],
    ['stupid question', ''],
    ['silly question', ''],
    ['in what context', ''],
    // "where can I leave my suitcase": the thing left is what is asked about
    ['leave my', ''],
    ['leave our', ''],
    ['leave your', ''],
    ['in which context', ''],
    // "why did they give up on it in the end": the end is no content of the question
    ['in the end', ''],
    ['give up on', 'abandon'],
    ['give up', 'abandon'],
    ['gave up on', 'abandoned'],
    ['gave up', 'abandoned'],
    ['given up on', 'abandoned'],
    ['given up', 'abandoned'],
    ['get together', 'gathering'],
    ['end up', 'eventually'],
    ['ends up', 'eventually'],
    ['ended up', 'eventually'],
    ['ending up', 'eventually'],
    ['pick up', 'collect'],
    ['picking up', 'collect'],
    ['picked up', 'collect'],
    ['get online', 'internet'],
    ['go online', 'internet'],
    ['break into', 'attack'],
    // "sign in" is logging in, not signing; "back up" and "on call" as one word
    ['sign in', 'signin'],
    ['signed in', 'signin'],
    ['signing in', 'signin'],
    ['sign into', 'signin'],
    ['log into', 'login'],
    ['logged into', 'login'],
    ['logging into', 'login'],
    ['back up', 'backup'],
    ['backed up', 'backup'],
    ['backing up', 'backup'],
    ['on call', 'oncall'],
    ['breaking into', 'attack'],
    ['broke into', 'attack'],
  ],
  backReference: String.raw`\b(they|them|their|theirs|he|him|his|she|her|hers|its|those|these|that one|this one)\b|\b(for|about|with|on|to) (that|it|this)$`,
  askingPhrase: String.raw`\bhow (long|often|soon|early|late|big|large|old)\b`,
  personWords: ['company', 'companies', 'employer', 'role', 'job', 'title', 'position', 'background', 'bio', 'biography', 'work', 'works', 'employed'],
  reasonCue: String.raw`^why\b|\b(why (did|do|does|is|was|were|are|would|should)|what (was|is|were|are) the reasons?|for what reason|how come)\b`,
  reasonWords: ['because', 'due', 'caused', 'causes', 'causing', 'reason', 'reasons', 'therefore', 'hence', 'owing'],
  quantityCue: String.raw`\bhow (many|much|long|often|big|large|small|fast|slow|old|far)\b|\b(what|which) (percentage|proportion|share|fraction|number|amount|size)\b`,
  numberWords: [
    'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen',
    'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'sixty', 'seventy', 'eighty', 'ninety',
    'thirty', 'forty', 'fifty', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'dozen',
    'dozens', 'half', 'twice', 'double', 'triple', 'percent',
  ],
  timeCue: String.raw`^when\b|\b(what|which) dates?\b|\b(what|which) (days?|year|month) (is|was|were|are|did|does) (it|the (conference|event|summit|festival|meetup|expo))\b|\bwhat time (does|do|did|will) (it|the (conference|event|summit|festival|meetup|expo|day)) (start|begin|end|finish|open|close)\b|\bhow many days\b|\bhow long (is|was) (it|the (conference|event|summit|festival))\b`,
  timeWords: [
    'when', 'date', 'dates', 'day', 'days', 'schedule', 'agenda', 'timetable', 'year',
    'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  ],
  locationCue: String.raw`\b(where|venue|location|address|directions|located|get (there|to)|getting (there|to)|how (do|can|could|should) (i|we|you) (get|reach|find))\b`,
  venueWords: ['venue', 'venues', 'location', 'address', 'place', 'hotel', 'directions', 'conference', 'event', 'there', 'it', 'located', 'held', 'near', 'nearby', 'nearest', 'closest',
    'station', 'stations', 'train', 'trains', 'tram', 'trams', 'bus', 'buses', 'metro', 'subway', 'underground', 'railway', 'airport', 'transit', 'transport'],
  talkWords: ['talk', 'talks', 'session', 'sessions', 'presentation', 'presentations', 'keynote', 'keynotes', 'lecture', 'lectures'],
  codeLike: String.raw`^\s*(select|insert|update|delete|drop|create|alter|truncate)\s.*\b(from|into|table|set|where|database)\b|\{\{.*\}\}|\$\{.*\}|<\/?(script|img|iframe|svg|style|a|div|span|body|html|object|embed|link|meta|form|input)\b[^>]*>|;\s*--|(?:^|\s)(?:\.\.?\/)+\S|^\s*\/(?:etc|usr|var|bin|proc|home|root)\/|^\s*(undefined|null|nan|none|nil|true|false|\[object \w+\])\s*$|\b(const|let|var)\s+[\w$\[\]{},\s]+=|=>\s*[{(]|\b(function|def|fn|func)\s+\w*\s*\(|\w\([^()]*\)\s*;|^\s*import\s+[\w{},*\s]+\s+from\s+['"]|^\s*from\s+[\w.]+\s+import\s|#include\s*[<"]|^\s*package\s+[\w.]+;|\b(console\.log|System\.out|printf|println)\s*\(`,
  makerCue: String.raw`^who (made|makes|built|builds|wrote|writes|developed|develops|created|creates|maintains|owns|designed|invented|publishes|sells)\b|\b(who is behind|which company (made|makes|built|develops|sells)|made by whom)\b`,
  makerEvidence: String.raw`\b(?:made|makes|developed|built|created|maintained|written|published|sold|offered)\s+by\b|\b(?:by|from) (?:the )?\p{Lu}`,
  outdatedWords: ['outdated', 'deprecated', 'obsolete', 'unsupported', 'unmaintained', 'legacy', 'old', 'experimental'],
  clauseSplit: String.raw`\s*(?:[?;]+|\band also\b|\band (?=(?:is|are|was|were|do|does|did|can|could|will|what|where|who|when|which|how)\b))\s*`,
} satisfies LanguageData);
