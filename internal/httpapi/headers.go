package httpapi

import "net/http"

// withSecurityHeaders sets the headers every response should carry: no MIME sniffing, no
// referrer leaking the query string, and no caching of responses that may hold personal
// data for an authorised caller.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if r.Header.Get("Authorization") != "" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// playgroundCSP allows exactly what gqlgen's GraphiQL page needs: its inline bootstrap
// script and styles, the pinned (SRI-checked) bundles from cdn.jsdelivr.net, and calls
// back to this origin only.
const playgroundCSP = "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; " +
	"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://cdn.jsdelivr.net; " +
	"font-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// withHTMLHeaders adds the headers for HTML pages (the Playground): a content security
// policy and no framing (clickjacking).
func withHTMLHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", playgroundCSP)
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
