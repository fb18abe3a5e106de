package kg.neo4j;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs an embedded Neo4j Community DBMS with only its Bolt connector, on loopback, until
 * SIGTERM/SIGINT. For kg's tests and local runs; started by scripts/neo4j.sh.
 *
 * <p>Arguments: HOME_DIR PORT. Environment: NEO4J_AUTH_ENABLED ("true" or "false", default
 * false), NEO4J_USERNAME (default neo4j) and NEO4J_PASSWORD (at least 8 characters) when auth
 * is on.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: Launcher HOME_DIR PORT");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    boolean auth = Boolean.parseBoolean(System.getenv().getOrDefault("NEO4J_AUTH_ENABLED", "false"));
    String user = System.getenv().getOrDefault("NEO4J_USERNAME", "neo4j");
    String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
    if (auth && password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must have at least 8 characters when auth is on");
      System.exit(2);
    }

    SocketAddress addr = new SocketAddress("127.0.0.1", port);
    long pageCache = Long.parseLong(System.getenv().getOrDefault("NEO4J_PAGECACHE_MB", "128"));
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, addr)
        // Without this the advertised port stays 7687, and neo4j:// routing tables point there.
        .setConfig(BoltConnector.advertised_address, addr)
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress("127.0.0.1"))
        .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress("127.0.0.1"))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCache))
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
        .setConfig(GraphDatabaseSettings.udc_enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, auth);

    long start = System.nanoTime();
    DatabaseManagementService dbms = builder.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("kg-neo4j: shutting down");
      try {
        dbms.shutdown();
      } finally {
        stopped.countDown();
      }
    }, "kg-neo4j-shutdown"));

    if (auth) {
      // The embedded API bypasses authentication; set the user's password in the system
      // database so that Bolt clients must present it.
      GraphDatabaseService system = dbms.database("system");
      Map<String, Object> p = Map.of("user", user, "password", password);
      if (user.equals("neo4j")) {
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", p);
      } else {
        system.executeTransactionally(
            "CREATE OR REPLACE USER $user SET PASSWORD $password CHANGE NOT REQUIRED", p);
      }
    }
    System.out.printf("kg-neo4j: ready bolt://%s auth=%s (%d ms)%n", addr, auth,
        (System.nanoTime() - start) / 1_000_000);
    System.out.flush();
    stopped.await();
  }
}
