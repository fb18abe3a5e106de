package httpapi

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// ServerOptions configures NewServer. Zero values take the defaults noted on each field.
type ServerOptions struct {
	// Timeout is the per-request timeout the handler applies (Config.Timeout); the server's
	// write timeout is a little longer, so a handler's own TIMEOUT answer still gets out.
	// Default 10s.
	Timeout time.Duration
	// IdleTimeout closes keep-alive connections idle this long; default 30s (short: an idle
	// connection holds a slot of the connection limit).
	IdleTimeout time.Duration
	// BaseContext is every request's parent context (default context.Background).
	BaseContext func(net.Listener) context.Context
}

// NewServer returns the http.Server kg serve runs h with: header, read, write and idle
// timeouts and a header size limit. Exports extend their own write deadline while they make
// progress (see progressDeadline), so a slow reader of a large download is not cut at
// Timeout. Serve it on a LimitListener.
func NewServer(h http.Handler, o ServerOptions) *http.Server {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Second
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      o.Timeout + 5*time.Second,
		IdleTimeout:       o.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       o.BaseContext,
	}
}

// ListenerLimits bounds the connections a LimitListener keeps open.
type ListenerLimits struct {
	Total     int // all connections; default 4096
	PerClient int // per client address (IPv6 by /64); default 128
}

// LimitListener wraps ln so that at most Total connections are open at once, and at most
// PerClient from one client address (an IPv6 client by its /64, which one host usually
// holds whole). A connection over either limit is accepted and closed at once: the client
// learns immediately instead of waiting in the kernel's backlog, and the accept loop never
// stalls, so other clients keep being served. Together with the idle timeout this keeps a
// flood of idle connections from locking everyone else out.
func LimitListener(ln net.Listener, l ListenerLimits) net.Listener {
	if l.Total <= 0 {
		l.Total = 4096
	}
	if l.PerClient <= 0 {
		l.PerClient = 128
	}
	return &limitListener{Listener: ln, limits: l, byClient: map[string]int{}}
}

type limitListener struct {
	net.Listener
	limits ListenerLimits

	mu       sync.Mutex
	open     int
	byClient map[string]int
	refused  atomic.Int64

	onRelease func() // tests: called after a connection's slot is freed
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key := connClientKey(c.RemoteAddr())
		l.mu.Lock()
		if l.open >= l.limits.Total || l.byClient[key] >= l.limits.PerClient {
			l.mu.Unlock()
			l.refused.Add(1)
			_ = c.Close()
			continue
		}
		l.open++
		l.byClient[key]++
		l.mu.Unlock()
		return &limitedConn{Conn: c, release: func() { l.release(key) }}, nil
	}
}

func (l *limitListener) release(key string) {
	l.mu.Lock()
	l.open--
	if l.byClient[key]--; l.byClient[key] <= 0 {
		delete(l.byClient, key)
	}
	l.mu.Unlock()
	if l.onRelease != nil {
		l.onRelease()
	}
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// connClientKey is the address a connection counts against: the IP, or an IPv6 address's /64.
func connClientKey(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		return ip4.String()
	}
	return tcp.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// progressDeadline runs a long download (an export) without the fixed per-request timeout:
// the request's context is cancelled only when no byte has been written for timeout, and each
// write moves the connection's write deadline timeout ahead. A slow reader that keeps reading
// gets the whole graph; a stalled one is cut after timeout.
func progressDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Cancelled with DeadlineExceeded as its cause, so that the one deadline decision
		// (classify) answers TIMEOUT for an export that stopped making progress.
		ctx, cancel := context.WithCancelCause(r.Context())
		defer cancel(nil)
		idle := time.AfterFunc(timeout, func() { cancel(context.DeadlineExceeded) })
		defer idle.Stop()
		pw := &progressWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout, idle: idle}
		_ = pw.rc.SetWriteDeadline(time.Now().Add(timeout))
		next.ServeHTTP(pw, r.WithContext(ctx))
	})
}

type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	idle    *time.Timer
}

func (w *progressWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	if n > 0 {
		w.idle.Reset(w.timeout)
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
	}
	return n, err
}

func (w *progressWriter) Flush() {
	_ = w.rc.Flush()
}

func (w *progressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
