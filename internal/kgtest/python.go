package kgtest

import (
	"os"
	"os/exec"
	"testing"
)

// Python returns the interpreter for the independent networkx checks: KG_PYTHON, or
// python3. Without networkx it skips the test, unless KG_REQUIRE_PYTHON=1 (CI sets it), when
// it fails: a check that silently skipped in CI would prove nothing.
func Python(t testing.TB) string {
	t.Helper()
	py := os.Getenv("KG_PYTHON")
	if py == "" {
		py = "python3"
	}
	if out, err := exec.Command(py, "-c", "import networkx").CombinedOutput(); err != nil {
		msg := "python3 with networkx is needed for the independent check (pip install networkx==3.4.2; KG_PYTHON=<interpreter>): " + string(out) + err.Error()
		if os.Getenv("KG_REQUIRE_PYTHON") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return py
}
