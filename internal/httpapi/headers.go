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

// pagesCSP: the pages (GraphiQL, the explorer) load only their own embedded files and call
// back to this origin only; data: is for the fonts and icons inlined in GraphiQL's CSS.
const pagesCSP = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// withHTMLHeaders adds the headers for HTML pages (GraphiQL, the explorer): a content security
// policy and no framing (clickjacking).
func withHTMLHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pagesCSP)
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
