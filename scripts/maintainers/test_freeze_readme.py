#!/usr/bin/env python3
"""Tests of scripts/maintainers/freeze-readme.py (standard library unittest; scripts/test.sh runs them)."""
import importlib.util
import unittest
from pathlib import Path

_spec = importlib.util.spec_from_file_location("freeze_readme", Path(__file__).resolve().parent / "freeze-readme.py")
fr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fr)

OUTPUT = """FreezeTiming[2 pairs]

   status of the condition runs
 task | seed |
 dms  |   1  |

   design: paired seeds, freeze epochs
 task | n |
 parity | 5 |

   verdicts vs joint at 500 epochs (95 % CI)
 task | verdict |
 parity | costs |

   family-wise verdicts vs joint at 500 epochs: Bonferroni
 task | level |
 parity | 0.99 |
"""

README = """# title

```
./cbrnn freeze-timing     # a block before the State section stays as it is
```

## State (today)

Prose.

```
old design
```

More prose.

```
old verdicts
```

```
old family-wise
```

## Compute

```
kept
```
"""


class FreezeReadmeTest(unittest.TestCase):
    def test_the_three_tables_are_found_by_title_whatever_else_is_printed(self):
        design, verdicts, family = fr.tables(OUTPUT)
        self.assertIn("design:", design.splitlines()[0])
        self.assertIn("parity | costs", verdicts)
        self.assertIn("Bonferroni", family.splitlines()[0])
        self.assertNotIn("status", design + verdicts + family)

    def test_only_the_three_blocks_after_state_are_replaced_and_a_second_splice_changes_nothing(self):
        new = fr.splice(README, ["D", "V", "F"])
        self.assertEqual(new, README.replace("old design", "D").replace("old verdicts", "V").replace("old family-wise", "F"))
        self.assertIn("a block before the State section stays", new)
        self.assertIn("```\nkept\n```", new)
        self.assertEqual(fr.splice(new, ["D", "V", "F"]), new)

    def test_a_missing_table_or_block_stops_with_a_message(self):
        with self.assertRaises(SystemExit) as e:
            fr.tables(OUTPUT.replace("family-wise", "familywise"))
        self.assertIn("family-wise verdicts", str(e.exception))
        with self.assertRaises(SystemExit) as e:
            fr.splice(README.replace("## State", "## Status"), ["D", "V", "F"])
        self.assertIn("## State", str(e.exception))


if __name__ == "__main__":
    unittest.main(verbosity=1)
