package obs

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// TestEveryPortMethodObserved: Store embeds kg.Store so that a method added to the port
// still compiles, but such a method would pass through without metrics or a span. Every
// method of the port must have its own line in store.go (a promoted method's wrapper is
// compiler-generated, which this test sees).
func TestEveryPortMethodObserved(t *testing.T) {
	port := reflect.TypeOf((*kg.Store)(nil)).Elem()
	st := reflect.TypeOf(&Store{})
	for i := range port.NumMethod() {
		name := port.Method(i).Name
		m, ok := st.MethodByName(name)
		if !ok {
			t.Errorf("obs.Store has no %s", name)
			continue
		}
		file, _ := runtime.FuncForPC(m.Func.Pointer()).FileLine(m.Func.Pointer())
		if !strings.HasSuffix(file, "store.go") {
			t.Errorf("obs.Store.%s is the embedded store's (%s): add its observe line to store.go", name, file)
		}
	}
}
