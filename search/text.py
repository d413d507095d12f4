"""Chinese text as search terms: jieba segmentation with the site's vocabulary, and pinyin.

Documents are cut in jieba's search mode (新能源汽车 gives 新能源, 能源, 汽车 as well), queries
in its accurate mode, both without the HMM guesser so that the same characters always fall
apart the same way. Names the site knows (regions, industries, companies, events, synonyms)
are added to the dictionary so that they stay whole; a document containing such a name is
also indexed under the pieces the name had before it was added, so 吉商大会 still finds
第七届全球吉商大会.
"""

import contextlib
import html
import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba
from django.conf import settings
from pypinyin import lazy_pinyin

logger = logging.getLogger(__name__)

# Words too common to narrow anything (one character each); dropped from longer queries.
STOP_WORDS = frozenset("的了和与及或在是等对为把被之其中于以将并也都就个年月日")
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

PINYIN_LENGTH = 6  # place and industry names, short names: what people spell in pinyin

_lock = threading.Lock()
_tokenizer = None
_pieces = {}  # a vocabulary word → the terms it was cut into before it was added
_blocks = {}  # a block of text (see index_terms) → its terms, under the current dictionary
BLOCKS_KEPT = 100_000  # blocks remembered (names and stock phrases recur; prose mostly not)
_pinyin = {}  # "changchun" → {"长春"}


def tokenizer():
    """jieba's dictionary, loaded once per process (about a second; see SearchConfig.ready)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                loaded = jieba.Tokenizer()
                # Its parsed dictionary is kept in the project's .cache/ (not a /tmp file
                # that every user and process on the machine shares); unwritable, jieba
                # just parses the dictionary each time.
                cache_dir = Path(settings.BASE_DIR) / ".cache"
                with contextlib.suppress(OSError):
                    cache_dir.mkdir(parents=True, exist_ok=True)
                loaded.cache_file = str(cache_dir / "jieba.cache")
                loaded.tmp_dir = str(cache_dir)
                loaded.initialize()
                _tokenizer = loaded
    return _tokenizer


def add_words(words):
    """Keep these names whole from now on, and findable by their pinyin."""
    global _blocks
    cut = tokenizer()
    added = False
    for word in words:
        word = normalize(word)
        if len(word) < 2 or word in _pieces or not WORD.fullmatch(word):
            continue
        _pieces[word] = [t for t in cut.cut_for_search(word, HMM=False) if t != word]
        cut.add_word(word, freq=max(cut.suggest_freq(word), 10))
        added = True
        if CJK.search(word) and len(word) <= PINYIN_LENGTH:
            _pinyin.setdefault("".join(lazy_pinyin(word)), set()).add(word)
    if added:
        # Blocks cut before may fall apart differently now. (Replaced, not emptied: a cut
        # running meanwhile keeps writing to the old one, which nothing reads any more.)
        _blocks = {}


def normalize(text):
    """Full-width letters and spaces to plain ones, lower case, no control characters."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    if text.isprintable():  # nearly always: no character to look at one by one
        return text
    return "".join(c for c in text if c.isprintable() or c.isspace())


def plain_text(markup):
    """The words of an HTML body, without tags and entities."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup or ""))).strip()


def index_terms(text):
    """The space-separated terms a document is found by.

    jieba cuts a text block by block (runs of characters its `re_han_default` keeps
    together, between punctuation and spaces), each on its own: so each block is cut once
    and its terms remembered, which is the same as cutting the whole text. Names, addresses
    and stock phrases recur across documents; a block met again costs a dictionary lookup.
    """
    blocks = _blocks
    terms = []
    for block in jieba.re_han_default.split(normalize(text)):
        if not block:
            continue
        found = blocks.get(block)
        if found is None:
            found = block_terms(block)
            if len(blocks) >= BLOCKS_KEPT:
                blocks.clear()
            blocks[block] = found
        terms.extend(found)
    return " ".join(terms)


def block_terms(block):
    """The terms of one block of text (or of any text), in jieba's search mode."""
    terms = []
    for token in tokenizer().cut_for_search(block, HMM=False):
        if WORD.fullmatch(token):
            terms.append(token)
            terms.extend(_pieces.get(token, ()))
    return tuple(terms)


def query_words(text):
    """The words of a query, in order, each once: accurate mode, stop words dropped."""
    words = []
    for chunk in normalize(text).split():
        for token in tokenizer().cut(chunk, HMM=False):
            if WORD.fullmatch(token) and token not in words:
                words.append(token)
    meaningful = [w for w in words if w not in STOP_WORDS]
    return meaningful or words


def pieces(word):
    """The terms a dictionary name was cut into before it was added, or nothing."""
    return list(_pieces.get(normalize(word), ()))


def from_pinyin(word):
    """The site's names spelt `word` in pinyin (changchun → 长春), or nothing."""
    if not word.isascii() or not word.isalpha() or len(word) < 4:
        return set()
    return set(_pinyin.get(word, ()))


def is_single_character(words):
    return len(words) == 1 and len(words[0]) == 1
