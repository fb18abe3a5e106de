package export

import "github.com/kommunkg/kg/internal/kg"

// An export without contact data (the default, and the only kind an unauthorised caller can
// get) is public: every node and edge it writes first goes through kg.RedactNode /
// kg.RedactEdge, so text shaped like an e-mail address or a phone number in a quote, note,
// alias, attribute or role is replaced in every format — the second line of defence behind
// the seed loader's refusal of such text. An export with contact data (contact=true, for an
// authorised caller) writes the text as it is.

func (g *Graph) publicNodes(fn func(*kg.Node) error) func(*kg.Node) error {
	if g.sel.Contact {
		return fn
	}
	return func(n *kg.Node) error { return fn(kg.RedactNode(n)) }
}

func (g *Graph) publicEdges(fn func(*kg.Edge) error) func(*kg.Edge) error {
	if g.sel.Contact {
		return fn
	}
	return func(e *kg.Edge) error { return fn(kg.RedactEdge(e)) }
}

// publicText is the same rule for a text that is neither a node nor an edge (a source's
// title, publisher, date note).
func (g *Graph) publicText(s string) string {
	if g.sel.Contact {
		return s
	}
	return kg.RedactPersonal(s)
}
