"""Your own rules (``[[check.rules]]``): every wrong key or type is one line naming the file and
the key, and the command stops (exit 2) instead of crashing or running a rule that never fires."""

from __future__ import annotations

from pathlib import Path

import pytest

HEAD = '[[check.rules]]\ncode = "X001"\nkind = "existence"\ntokens = ["cheap"]\n\n' \
       '[[check.rules]]\ncode = "X002"\nmessage = "m"\n'


@pytest.mark.parametrize("rule,fragment", [
    ('kind = "substitution"\nswap = { a = 1 }', "check.rules[2].swap.a: must be a string, got 1"),
    ('kind = "existence"\ntokens = ["mug"]\nfields = 5',
     "check.rules[2].fields: must be a list, got 5"),
    ('kind = "existence"\ntokens = ["mug"]\nfields = "title"',
     "check.rules[2].fields: must be a list, got 'title'"),
    ('kind = "existence"\ntokens = ["mug"]\nfields = ["titel"]',
     ("check.rules[2].fields[1]: must be one of title, brand, bullets, description, "
      "search_terms, got 'titel' (did you mean 'title'?)")),
    ('kind = "occurrence"\ntoken = 5\nmax = 1', "check.rules[2].token: must be a string, got 5"),
    ('kind = "occurrence"\ntoken = "mug"\nmax = "x"',
     "check.rules[2].max: must be a whole number, got 'x'"),
    ('kind = "existence"\ntokens = [1, 2]', "check.rules[2].tokens[1]: must be a string, got 1"),
    ('kind = "existence"\ntokens = "notalist"',
     "check.rules[2].tokens: must be a list, got 'notalist'"),
    ('kind = "existence"\ntokens = []', "check.rules[2].tokens: must not be empty"),
    ('kind = "substitution"\nswap = { "" = "x" }', "check.rules[2].swap: key '' must not be empty"),
    ('kind = "existence"\ntokens = ["mug"]\nignorecase = "no"',
     "check.rules[2].ignorecase: must be true or false, got 'no'"),
    ('kind = "existence"\ntokns = ["mug"]',
     "unknown key 'check.rules[2].tokns' (did you mean 'tokens'?)"),
    ('kind = "existance"\ntokens = ["mug"]',
     ("check.rules[2].kind: must be one of existence, substitution, occurrence, "
      "got 'existance' (did you mean 'existence'?)")),
    ('tokens = ["mug"]', "check.rules[2]: missing required key 'kind'"),
    ('kind = "existence"\ntoken = "mug"',
     "check.rules[2].token: only occurrence rules take 'token', this one is existence"),
    ('kind = "occurrence"\ntoken = "mug"\nmin = 3\nmax = 1',
     "check.rules[2]: 'min' (3) is more than 'max' (1)"),
])
def test_bad_rule_is_one_line_naming_file_and_key(run, write, rule: str,  # type: ignore[no-untyped-def]
                                                  fragment: str) -> None:
    config = write("listingkit.toml", f"{HEAD}{rule}\n")
    catalogue = write("cat.csv", "sku,title\nA-1,Acme Cheap Mug\n")
    result = run("check", catalogue, "-p", "amazon-us")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {config}: {fragment}\n"


def test_good_rules_still_fire(run, write) -> None:  # type: ignore[no-untyped-def]
    write("listingkit.toml", f"{HEAD}kind = \"occurrence\"\ntoken = \"Mug\"\nmin = 0\nmax = 1\n"
                             "fields = [\"title\", \"bullets\"]\nignorecase = false\n")
    catalogue = write("cat.csv", "sku,title,bullet_point1\nA-1,Acme Cheap Mug Mug,mug mug\n")
    result = run("check", catalogue, "-p", "amazon-us", "--select", "X", "--fail-on", "warning")
    assert result.exit_code == 1, result.output
    assert result.stdout.count("title X001") == 1 and result.stdout.count("title X002") == 1
    assert "bullets X002" not in result.stdout  # "mug" is not "Mug" with ignorecase = false


def test_list_items_count_from_one_everywhere(tmp_path: Path) -> None:
    from listingkit.config import load_config
    from listingkit.errors import ConfigError

    (tmp_path / "listingkit.toml").write_text('[score]\nsweet_spot = [0.5, "x"]\n')
    with pytest.raises(ConfigError, match=r"score\.sweet_spot\[2\]: must be a number, got 'x'"):
        load_config(start=tmp_path)
