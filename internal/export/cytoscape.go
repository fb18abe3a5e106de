package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"math"

	"github.com/kommunkg/kg/internal/kg"
)

// The Cytoscape.js elements format: {"elements":{"nodes":[{"data":{…}}],"edges":[{"data":{…}}]}}.
// Field names are those of fields.go; evidence, aliases and attributes stay structured.

type cyEvidence struct {
	Source        string `json:"source"`
	Quote         string `json:"quote"`
	SourceUpdated string `json:"sourceUpdated,omitempty"`
	Basis         string `json:"basis"`
}

type cyAttribute struct {
	Key      string       `json:"key"`
	Value    string       `json:"value"`
	Number   *float64     `json:"number,omitempty"`
	Evidence []cyEvidence `json:"evidence"`
}

type cyNodeData struct {
	ID           string        `json:"id"`
	Value        string        `json:"value"` // = id: networkx's cytoscape_graph names nodes by it
	Label        string        `json:"label"`
	Kind         string        `json:"kind"`
	Category     string        `json:"category,omitempty"`
	Abbreviation string        `json:"abbreviation,omitempty"`
	Aliases      []string      `json:"aliases,omitempty"`
	Since        string        `json:"since,omitempty"`
	Until        string        `json:"until,omitempty"`
	Note         string        `json:"note,omitempty"`
	Attributes   []cyAttribute `json:"attributes,omitempty"`
	Evidence     []cyEvidence  `json:"evidence"`
	Email        string        `json:"email,omitempty"`
	Phone        string        `json:"phone,omitempty"`
}

type cyEdgeData struct {
	ID         string       `json:"id"`
	Key        string       `json:"key"` // = id: networkx's cytoscape_graph keys parallel edges by it
	Source     string       `json:"source"`
	Target     string       `json:"target"`
	Type       string       `json:"type"`
	Role       string       `json:"role,omitempty"`
	Since      string       `json:"since,omitempty"`
	Until      string       `json:"until,omitempty"`
	Body       string       `json:"body,omitempty"`
	OnBehalfOf string       `json:"onBehalfOf,omitempty"`
	Mandate    string       `json:"mandate,omitempty"`
	Note       string       `json:"note,omitempty"`
	Evidence   []cyEvidence `json:"evidence"`
}

type cyElement[T any] struct {
	Data T `json:"data"`
}

func cyEvidenceOf(ev []kg.Evidence) []cyEvidence {
	out := make([]cyEvidence, len(ev))
	for i, e := range ev {
		out[i] = cyEvidence{Source: clean(e.SourceID), Quote: clean(e.Quote), SourceUpdated: e.SourceUpdated.String(), Basis: string(e.Basis.OrStated())}
	}
	return out
}

func cyNode(n *kg.Node, contact bool) cyNodeData {
	d := cyNodeData{
		ID: clean(n.ID), Value: clean(n.ID), Label: clean(n.Name), Kind: clean(string(n.Kind)),
		Category: clean(n.Category), Abbreviation: clean(n.Abbreviation),
		Since: n.Since.String(), Until: n.Until.String(), Note: clean(n.Note),
		Evidence: cyEvidenceOf(n.Evidence),
	}
	for _, a := range n.Aliases {
		d.Aliases = append(d.Aliases, clean(a))
	}
	for _, a := range n.Attributes {
		ca := cyAttribute{Key: clean(a.Key), Value: clean(a.Value), Evidence: cyEvidenceOf(a.Evidence)}
		if a.Number != nil && !math.IsNaN(*a.Number) && !math.IsInf(*a.Number, 0) {
			v := *a.Number
			ca.Number = &v
		}
		d.Attributes = append(d.Attributes, ca)
	}
	if contact && n.Contact != nil {
		d.Email, d.Phone = clean(n.Contact.Email), clean(n.Contact.Phone)
	}
	return d
}

func cyEdge(e *kg.Edge) cyEdgeData {
	body, behalf := mandateParties(e)
	return cyEdgeData{
		ID: clean(e.ID), Key: clean(e.ID), Source: clean(e.From), Target: clean(e.To), Type: clean(string(e.Type)),
		Role: clean(e.Role), Since: e.Since.String(), Until: e.Until.String(),
		Body: clean(body), OnBehalfOf: clean(behalf), Mandate: clean(e.MandateID), Note: clean(e.Note),
		Evidence: cyEvidenceOf(e.Evidence),
	}
}

// WriteCytoscapeJSON writes g in the Cytoscape.js elements format,
// {"data":{},"directed":true,"multigraph":true,"elements":{"nodes":[{"data":{"id","value",
// "label","kind",…}}],"edges":[{"data":{"id","key","source","target","type",…}}]}}, ready
// for cytoscape({elements: json.elements}) and for networkx's cytoscape_graph(json), which
// reads "directed", "multigraph", each node's "value" and each edge's "key" (both the id;
// the key keeps parallel edges apart). Evidence is a list
// of {source, quote, sourceUpdated}; attributes a list of {key, value, number, evidence};
// aliases a list of strings. Empty optional fields are left out; email and phone appear
// only with contact data.
func WriteCytoscapeJSON(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	var werr error
	put := func(s string) {
		if werr == nil {
			_, werr = bw.WriteString(s)
		}
	}
	element := func(first *bool, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if !*first {
			put(",\n")
		}
		*first = false
		if werr == nil {
			_, werr = bw.Write(b)
		}
		return werr
	}
	put(`{"data":{},"directed":true,"multigraph":true,"elements":{"nodes":[` + "\n")
	first := true
	err := g.Nodes(ctx, func(n *kg.Node) error {
		return element(&first, cyElement[cyNodeData]{cyNode(n, g.Contact())})
	})
	put("\n],\"edges\":[\n")
	if err == nil {
		first = true
		err = g.Edges(ctx, func(e *kg.Edge) error {
			return element(&first, cyElement[cyEdgeData]{cyEdge(e)})
		})
	}
	put("\n]}}\n")
	if err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	return bw.Flush()
}
