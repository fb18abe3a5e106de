package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"hash/maphash"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// rateLimiter is a token bucket per client (golang.org/x/time/rate does the arithmetic).
//
// A client is one of the configured contact tokens, when the request presents one, and
// otherwise its remote address — an IPv6 address by its /64, the block one subscriber
// usually gets. Any other Authorization value is ignored: keying on it would give every
// made-up token a fresh bucket. X-Forwarded-For is ignored too: behind no proxy it is
// client-controlled, and a proxy in front should do its own limiting.
//
// The buckets live in maxClients entries of sharded LRU caches: each shard has its own lock
// and evicts its least recently seen client in O(1), so no request ever scans the map and a
// flood of distinct clients costs the others neither memory nor a global lock. An evicted
// client starts again with a full bucket; to refill someone's bucket that way an attacker
// must first bring more distinct addresses (/64s) than maxClients/limiterShards into one shard.
type rateLimiter struct {
	limit  rate.Limit
	burst  int
	tokens [][32]byte // sha256 of the configured contact tokens
	seed   maphash.Seed
	shards [limiterShards]*lru.Cache[string, *rate.Limiter]
	now    func() time.Time
	// refused, when set, counts each refusal (kg_rate_limited_total).
	refused func()
}

const (
	// maxClients bounds the number of buckets kept.
	maxClients = 100_000
	// limiterShards splits the buckets so that concurrent requests rarely share a lock.
	limiterShards = 64
)

func newRateLimiter(limit float64, burst int, contactTokens []string) *rateLimiter {
	l := &rateLimiter{limit: rate.Limit(limit), burst: burst, seed: maphash.MakeSeed(), now: time.Now}
	for _, t := range contactTokens {
		l.tokens = append(l.tokens, sha256.Sum256([]byte(t)))
	}
	for i := range l.shards {
		c, err := lru.New[string, *rate.Limiter](maxClients / limiterShards)
		if err != nil {
			panic(err) // only for a size ≤ 0
		}
		l.shards[i] = c
	}
	return l
}

// decision is the outcome of one request: allowed or not, the whole tokens left, how long
// until the next token (when refused) and until the bucket is full again.
type decision struct {
	ok        bool
	remaining int
	retry     time.Duration
	reset     time.Duration
}

// allow takes one token from key's bucket.
func (l *rateLimiter) allow(key string) decision {
	shard := l.shards[maphash.String(l.seed, key)%limiterShards]
	lim, ok := shard.Get(key)
	if !ok {
		lim = rate.NewLimiter(l.limit, l.burst)
		// another request of the same new client may have added one meanwhile: use that
		if prev, found, _ := shard.PeekOrAdd(key, lim); found {
			lim = prev
		}
	}
	now := l.now()
	d := decision{ok: lim.AllowN(now, 1)}
	left := lim.TokensAt(now)
	d.remaining = max(0, int(math.Floor(left)))
	d.reset = l.after(float64(l.burst) - left)
	if !d.ok {
		d.retry = l.after(1 - left)
	}
	return d
}

// after is how long the bucket takes to gain n tokens.
func (l *rateLimiter) after(n float64) time.Duration {
	if n <= 0 {
		return 0
	}
	return time.Duration(n / float64(l.limit) * float64(time.Second))
}

// size is the number of buckets kept (for tests).
func (l *rateLimiter) size() int {
	n := 0
	for _, s := range l.shards {
		n += s.Len()
	}
	return n
}

// clientKey names the client of r: "t<i>" for the i-th configured contact token, else
// "ip:<address>" (IPv4, or the /64 prefix of an IPv6 address).
func (l *rateLimiter) clientKey(r *http.Request) string {
	if i := l.tokenIndex(r.Header.Get("Authorization")); i >= 0 {
		return "t" + strconv.Itoa(i)
	}
	return "ip:" + addrKey(r.RemoteAddr)
}

// tokenIndex finds a configured token in an Authorization header, comparing fixed-length
// hashes in constant time with every configured token; -1 when none matches.
func (l *rateLimiter) tokenIndex(h string) int {
	const prefix = "Bearer "
	if len(l.tokens) == 0 || len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return -1
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(h[len(prefix):])))
	found := -1
	for i, t := range l.tokens {
		if subtle.ConstantTimeCompare(got[:], t[:]) == 1 {
			found = i
		}
	}
	return found
}

// addrKey reduces a remote address ("host:port") to the client it stands for: an IPv4
// address (also when written as IPv4-mapped IPv6) as is, an IPv6 address by its /64.
func addrKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// wrap limits every request except health checks (orchestrators must always reach them) and
// CORS preflights. Every limited response says X-RateLimit-Limit (the bucket size),
// X-RateLimit-Remaining (whole requests left now) and X-RateLimit-Reset (seconds until the
// bucket is full again); a refused one is HTTP 429 with Retry-After (seconds until the next
// request is allowed).
func (l *rateLimiter) wrap(next http.Handler) http.Handler {
	limit := strconv.Itoa(l.burst)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		d := l.allow(l.clientKey(r))
		h := w.Header()
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", strconv.Itoa(d.remaining))
		h.Set("X-RateLimit-Reset", strconv.Itoa(ceilSeconds(d.reset, 0)))
		if !d.ok {
			if l.refused != nil {
				l.refused()
			}
			secs := strconv.Itoa(ceilSeconds(d.retry, 1))
			h.Set("Retry-After", secs)
			writeError(w, codeRateLimited, "too many requests; retry after "+secs+"s")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ceilSeconds rounds d up to whole seconds, at least floor.
func ceilSeconds(d time.Duration, floor int) int {
	return max(floor, int(math.Ceil(d.Seconds())))
}
