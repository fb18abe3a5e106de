// The peer: the Neo4j GraphQL Library (@neo4j/graphql 7) with Apollo Server over the Neo4j
// graph that `kg load` wrote. Loopback only; read-only in effect (the workload sends queries
// only; the generated mutations are turned off).
//
//   NEO4J_URI=bolt://127.0.0.1:57687 PEER_ADDR=127.0.0.1:18083 node server.mjs
//
// Environment: NEO4J_URI (required), NEO4J_USERNAME/NEO4J_PASSWORD (optional), PEER_ADDR
// (default 127.0.0.1:18083), NEO4J_MAX_POOL_SIZE (default 100, as kg).
//
// Cypher round trips: a request with the header "x-peer-count: 1" runs with a driver wrapper
// that counts the statements the library sends (transaction.run calls) and reports them in
// the response's extensions.cypherRoundTrips. Other requests use the plain driver.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

import { typeDefs } from "./typedefs.mjs";

const uri = process.env.NEO4J_URI;
if (!uri) {
  console.error("peer: NEO4J_URI is not set");
  process.exit(2);
}
const [host, port] = (process.env.PEER_ADDR || "127.0.0.1:18083").split(":");
const auth = process.env.NEO4J_PASSWORD
  ? neo4j.auth.basic(process.env.NEO4J_USERNAME || "neo4j", process.env.NEO4J_PASSWORD)
  : undefined;
const driver = neo4j.driver(uri, auth, {
  maxConnectionPoolSize: Number(process.env.NEO4J_MAX_POOL_SIZE || 100),
  disableLosslessIntegers: true,
});

// counting wraps driver so that every transaction.run of one request adds to counter.n.
function counting(drv, counter) {
  const wrapTx = (tx) =>
    new Proxy(tx, {
      get(t, k) {
        if (k === "run") return (...a) => { counter.n++; return t.run(...a); };
        const v = t[k];
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
  return new Proxy(drv, {
    get(d, k) {
      if (k === "session") {
        return (cfg) => {
          const s = d.session(cfg);
          return new Proxy(s, {
            get(ss, kk) {
              if (kk === "executeRead" || kk === "executeWrite") {
                return (fn, c) => ss[kk]((tx) => fn(wrapTx(tx)), c);
              }
              if (kk === "run") return (...a) => { counter.n++; return ss.run(...a); };
              const v = ss[kk];
              return typeof v === "function" ? v.bind(ss) : v;
            },
          });
        };
      }
      const v = d[k];
      return typeof v === "function" ? v.bind(d) : v;
    },
  });
}

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();

const countPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.counter && response.body.kind === "single") {
          response.body.singleResult.extensions = {
            ...(response.body.singleResult.extensions || {}),
            cypherRoundTrips: contextValue.counter.n,
          };
        }
      },
    };
  },
};

const server = new ApolloServer({ schema, plugins: [countPlugin], introspection: true });
const { url } = await startStandaloneServer(server, {
  listen: { host, port: Number(port) },
  context: async ({ req }) => {
    if (req.headers["x-peer-count"] === "1") {
      const counter = { n: 0 };
      return { executionContext: counting(driver, counter), counter };
    }
    return {};
  },
});
console.error(`peer: serving ${url} (Neo4j ${uri}, pid ${process.pid})`);

const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
