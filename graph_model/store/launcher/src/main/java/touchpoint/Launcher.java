package touchpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs Neo4j Community embedded with Bolt on a loopback address, for Touchpoint's local server.
 *
 * <p>Arguments: HOME CONF_FILE PASSWORD_FILE. CONF_FILE is a neo4j.conf written by Touchpoint
 * (graph_model/server.py), so Python owns the configuration. The neo4j user's password is
 * (re)set from PASSWORD_FILE on every start, so that file is the only source of truth. Prints
 * READY once Bolt is up; shuts down cleanly on SIGTERM.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME CONF_FILE PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Path conf = Path.of(args[1]);
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            System.out.println("STOPPED");
            stopped.countDown();
        }, "touchpoint-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            // Neo4j's threads are not daemons: without an explicit exit the JVM would hang.
            e.printStackTrace();
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }

    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password")) {
                throw e;
            }
            // Already set to this password on an earlier start: nothing to do.
        }
    }
}
