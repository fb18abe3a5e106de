package httpapi

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestLimitListener: connections past the per-client or the total limit are closed at once
// (the client reads EOF instead of waiting), others keep being served, and a closed
// connection frees its slot.
func TestLimitListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }), ServerOptions{})
	ll := LimitListener(ln, ListenerLimits{Total: 3, PerClient: 2}).(*limitListener)
	released := make(chan struct{}, 16)
	ll.onRelease = func() { released <- struct{}{} }
	go func() { _ = srv.Serve(ll) }()
	t.Cleanup(func() { _ = srv.Close() })
	addr := ln.Addr().(*net.TCPAddr)

	// open dials from a loopback address and completes one request, so the server has
	// accepted the connection and holds it idle (keep-alive). It reports whether the server
	// answered.
	open := func(from string) (net.Conn, bool) {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		c, err := d.Dial("tcp", addr.String())
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			c.Close()
			return nil, false
		}
		res.Body.Close()
		return c, res.StatusCode == 200
	}
	a1, ok1 := open("127.0.0.1")
	a2, ok2 := open("127.0.0.1")
	if !ok1 || !ok2 {
		t.Fatal("first two connections of a client refused")
	}
	if c, ok := open("127.0.0.1"); ok {
		c.Close()
		t.Error("third connection of one client served; per-client limit is 2")
	}
	b1, ok := open("127.0.0.2")
	if !ok {
		t.Fatal("another client refused while under the total limit")
	}
	if c, ok := open("127.0.0.3"); ok {
		c.Close()
		t.Error("fourth connection served; total limit is 3")
	}
	// Refused connections were closed before taking a slot; drain nothing for them. Closing
	// a held connection frees its slot once the server sees the close.
	a1.Close()
	<-released
	if c, ok := open("127.0.0.3"); !ok {
		t.Error("a freed slot was not reused")
	} else {
		c.Close()
	}
	a2.Close()
	b1.Close()
}

// TestProgressDeadline: a download that keeps writing outlives the per-request timeout; one
// that stops writing for longer than the timeout has its context cancelled.
func TestProgressDeadline(t *testing.T) {
	// Generous against scheduling stalls on a loaded CI machine: a write comes every
	// timeout/10, so only a stall of 0.9 s between two writes could fail the steady case.
	const timeout = time.Second
	for _, tc := range []struct {
		name  string
		pause time.Duration
		want  string
	}{
		{"steady progress over 2× the timeout", timeout / 10, strings.Repeat("x", 20)},
		{"stalled", 3 * timeout, "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cancelled := make(chan bool, 1)
			h := progressDeadline(timeout, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for i := 0; i < 20; i++ {
					_, _ = io.WriteString(w, "x")
					w.(http.Flusher).Flush()
					select {
					case <-time.After(tc.pause): // a slow producer (or reader): simulated work
					case <-r.Context().Done():
						cancelled <- true
						return
					}
				}
				cancelled <- false
			}))
			srv := httptest.NewServer(h)
			defer srv.Close()
			res, err := http.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(body) != tc.want {
				t.Errorf("got %d bytes, want %d", len(body), len(tc.want))
			}
			if got := <-cancelled; got != (tc.name == "stalled") {
				t.Errorf("cancelled = %v", got)
			}
		})
	}
}
