#!/usr/bin/env python3
"""Tests of scripts/notebooks.py (standard library unittest; scripts/test.sh runs them)."""
import json
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebooks as nbt  # noqa: E402


def code(src, tags=None, outputs=None):
    c = {"cell_type": "code", "execution_count": None, "id": "x", "metadata": {}, "outputs": outputs or [],
         "source": src.splitlines(keepends=True)}
    if tags:
        c["metadata"]["tags"] = tags
    return c


class TokensTest(unittest.TestCase):
    def test_comments_and_whitespace_do_not_count_but_code_and_literals_do(self):
        a = 'int f(int x) {\n    return x / 2; // half\n}\n'
        b = '/** Javadoc. */\nint f(int x) {  return x / 2; /* half */ }'
        self.assertEqual(nbt.java_tokens(a), nbt.java_tokens(b))
        self.assertNotEqual(nbt.java_tokens(a), nbt.java_tokens(a.replace("2", "3")))
        s1, s2 = 'String s = "a // b";', 'String s = "a /* b";'
        self.assertIn("a // b", nbt.java_tokens(s1))
        self.assertNotEqual(nbt.java_tokens(s1), nbt.java_tokens(s2))
        self.assertIn('"x \\" // y"', nbt.java_tokens('s = "x \\" // y";'))
        self.assertNotEqual(nbt.java_tokens('s = "a  b";'), nbt.java_tokens('s = "a b";'))


class CurrencyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.saved = (nbt.LIB_SRC, nbt.KERNEL_SRC, nbt.ROOT, nbt.NOTEBOOKS)
        nbt.LIB_SRC, nbt.KERNEL_SRC, nbt.ROOT = root / "lib", root / "kernel", root
        for d, f in [("org/cbrnn/plot", "Chart.java"), ("org/cbrnn/task", "Task.java"), ("org/cbrnn/engine/fast", "E.java")]:
            (nbt.LIB_SRC / d).mkdir(parents=True)
            (nbt.LIB_SRC / d / f).write_text("class X { int v = 1; }\n")
        nbt.KERNEL_SRC.mkdir()
        (nbt.KERNEL_SRC / "K.java").write_text("class K {}\n")
        self.nb = {"cells": [code("import org.cbrnn.plot.*;\nimport org.cbrnn.engine.fast.*;\nvar t = org.cbrnn.task.Task.class;",
                                  outputs=[{"output_type": "stream", "name": "stdout", "text": ["x"]}])],
                   "metadata": {"cbrnn": {}}, "nbformat": 4, "nbformat_minor": 5}
        self.path = root / "9-demo.ipynb"

    def tearDown(self):
        nbt.LIB_SRC, nbt.KERNEL_SRC, nbt.ROOT, nbt.NOTEBOOKS = self.saved
        self.tmp.cleanup()

    def stamp(self, mode="full"):
        self.nb["metadata"]["cbrnn"]["outputs"] = {"mode": mode, "commit": "c0ffee", "kit_version": "t",
                                                   "source_hashes": nbt.source_hashes(nbt.referenced_packages(self.nb))}
        nbt.save(self.nb, self.path)

    def test_packages_come_from_imports_and_qualified_names(self):
        self.assertEqual(["org.cbrnn.engine.fast", "org.cbrnn.plot", "org.cbrnn.task"], nbt.referenced_packages(self.nb))

    def test_a_code_change_in_a_used_package_makes_the_outputs_stale_a_comment_does_not(self):
        self.stamp()
        self.assertEqual([], nbt.check_notebook(self.path, {}))
        f = nbt.LIB_SRC / "org/cbrnn/plot/Chart.java"
        f.write_text("/** A comment. */\nclass X {\n  int v = 1;\n}\n")
        self.assertEqual([], nbt.check_notebook(self.path, {}))
        f.write_text("class X { int v = 2; }\n")
        problems = nbt.check_notebook(self.path, {})
        self.assertEqual(1, len(problems))
        self.assertIn("org.cbrnn.plot", problems[0])
        self.assertIn("scripts/refresh-notebooks.sh", problems[0])
        self.assertNotIn("org.cbrnn.task", problems[0])

    def test_an_unused_package_does_not_count_the_kernel_does(self):
        self.stamp()
        (nbt.LIB_SRC / "org/cbrnn/cli").mkdir()
        (nbt.LIB_SRC / "org/cbrnn/cli/Main.java").write_text("class Main {}\n")
        self.assertEqual([], nbt.check_notebook(self.path, {}))
        (nbt.KERNEL_SRC / "K.java").write_text("class K { int y; }\n")
        self.assertIn("kernel", nbt.check_notebook(self.path, {})[0])

    def test_timestamps_quick_mode_and_missing_provenance_fail(self):
        nbt.save(self.nb, self.path)
        self.assertIn("no provenance", nbt.check_notebook(self.path, {})[0])
        self.stamp(mode="quick")
        self.assertIn("quick-mode", nbt.check_notebook(self.path, {})[0])
        self.nb["cells"][0]["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
        self.stamp()
        self.assertIn("timestamps", nbt.check_notebook(self.path, {})[0])
        self.assertEqual(1, nbt.strip_timestamps(self.nb))
        self.stamp()
        self.assertEqual([], nbt.check_notebook(self.path, {}))


class StudentCopyTest(unittest.TestCase):
    def instructor(self):
        out = [{"output_type": "stream", "name": "stdout", "text": ["answer 42"]}]
        return {"cells": [code("boolean SOLUTIONS = true;", tags=["solutions-flag"], outputs=out),
                          code("// your code here"),
                          code("if (SOLUTIONS) {\n  System.out.println(42);\n}", tags=["solution"], outputs=out),
                          {"cell_type": "markdown", "id": "d", "metadata": {"tags": ["instructor"]}, "source": ["42 because"]}],
                "metadata": {"cbrnn": {"title": "W (instructor copy)", "student_copy": "w.ipynb", "expected_images": 3,
                                       "outputs": {"mode": "full"}}}, "nbformat": 4, "nbformat_minor": 5}

    def test_the_student_copy_has_no_outputs_no_discussion_and_solutions_off(self):
        name, s = nbt.student_copy(self.instructor(), "w-instructor.ipynb")
        self.assertEqual("w.ipynb", name)
        self.assertEqual(3, len(s["cells"]))
        self.assertTrue(all(not c["outputs"] for c in s["cells"]))
        self.assertEqual("boolean SOLUTIONS = false;", nbt.source(s["cells"][0]))
        self.assertTrue(s["cells"][2]["metadata"]["jupyter"]["source_hidden"])
        self.assertNotIn("42 because", json.dumps(s))
        self.assertNotIn("answer 42", json.dumps(s))
        self.assertEqual({"title": "W (student copy)", "expected_images": 0, "student_of": "w-instructor.ipynb"},
                         {k: s["metadata"]["cbrnn"][k] for k in ("title", "expected_images", "student_of")})
        self.assertNotIn("outputs", s["metadata"]["cbrnn"])

    def test_an_unguarded_solution_is_refused(self):
        nb = self.instructor()
        nb["cells"][2]["source"] = ["System.out.println(42);"]
        with self.assertRaises(SystemExit):
            nbt.student_copy(nb, "w-instructor.ipynb")

    def test_an_edited_student_copy_fails_the_check(self):
        with tempfile.TemporaryDirectory() as d:
            name, s = nbt.student_copy(self.instructor(), "w-instructor.ipynb")
            p = Path(d) / name
            nbt.save(s, p)
            saved = nbt.ROOT
            nbt.ROOT = Path(d)
            try:
                self.assertEqual([], nbt.check_notebook(p, {name: s}))
                s2 = json.loads(json.dumps(s))
                s2["cells"][1]["source"] = ["int answer = 42;"]
                nbt.save(s2, p)
                self.assertIn("differs from the copy generated", nbt.check_notebook(p, {name: s})[0])
            finally:
                nbt.ROOT = saved


class KernelsTest(unittest.TestCase):
    def test_the_recorded_kernels_follow_the_jvm_options(self):
        import os
        if not (nbt.ROOT / "lib" / "target" / "cbrnn.jar").exists():
            self.assertTrue(nbt.kernels().startswith("unknown"))
            return
        saved = os.environ.get("JAVA_TOOL_OPTIONS")
        try:
            os.environ["JAVA_TOOL_OPTIONS"] = "-Dcbrnn.simd.bits=128"
            got = nbt.kernels()
        finally:
            if saved is None:
                os.environ.pop("JAVA_TOOL_OPTIONS", None)
            else:
                os.environ["JAVA_TOOL_OPTIONS"] = saved
        # forced to 128 bits, the kernels say so (or are scalar where the Vector API is missing)
        self.assertTrue(got.startswith("Vector API") and "128-bit" in got or got == "scalar", got)


if __name__ == "__main__":
    unittest.main(verbosity=1)
