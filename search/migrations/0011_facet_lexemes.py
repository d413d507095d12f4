import importlib

from django.db import migrations

# PostgreSQL: each card's vector also holds its facets as lexemes ('kind=project',
# 'region=huichun', 'area=yanbian', 'year=2021'), so a filtered search's matches are the GIN
# index's intersection of the query's words and the filters' lexemes. Filtered as columns,
# a search for 能源 of projects in 延边 in 2021 read all 57,800 cards holding 能源 (3,500 heap
# pages) to keep 15. A typed word never forms such a lexeme: query terms are \w+ (text.WORD).
# The title cards keep their vectors: the title tier already starts from the year's index.

card_statements = importlib.import_module("search.migrations.0009_card_statements")
split_cards = card_statements.split_cards

LEXEMES = (
    "CREATE FUNCTION search_facet_lexemes(kind text, region text, area text, year integer) "
    "RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_tsvector("
    "array_remove(ARRAY['kind=' || kind, 'region=' || nullif(region, ''), "
    "'area=' || nullif(area, ''), 'year=' || year], NULL)) $$"
)
# (`{0}` is where split_cards.VECTOR puts a row's prefix.)
VECTOR = (
    "(" + split_cards.VECTOR + " || search_facet_lexemes({0}kind, {0}region, {0}area, {0}year))"
)


def replace_follow(card_vector):
    return [
        *card_statements.STATEMENT_TRIGGERS,
        card_statements.follow(card_vector),
        *card_statements.TRIGGERS,
    ]


def refill(card_vector):
    """The cards written afresh from the documents: an UPDATE of every card would leave the
    table (and the pages a count reads) twice its size until a VACUUM FULL."""
    columns = split_cards.CARD_COLUMNS
    return [
        "TRUNCATE search_card",
        f"INSERT INTO search_card ({columns}, vector) "
        f"SELECT {columns}, {card_vector.format('')} FROM search_document ORDER BY id",
        "ANALYZE search_card",
    ]


FORWARD = [LEXEMES, *replace_follow(VECTOR), *refill(VECTOR)]
BACKWARD = [
    *replace_follow(split_cards.VECTOR),
    *refill(split_cards.VECTOR),
    "DROP FUNCTION search_facet_lexemes(text, text, text, integer)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_drop_bracketed_title_terms"),
    ]

    operations = [migrations.RunPython(card_statements.run(FORWARD), card_statements.run(BACKWARD))]
