package dev.rivulet.flink;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs Flink SQL scripts, one after the other in this JVM, each in a fresh streaming
 * TableEnvironment whose jobs run on one local MiniCluster, waiting for every job (the sources
 * are bounded).
 *
 * <p>Usage: {@code java -cp … dev.rivulet.flink.RunScripts a.sql [b.sql …]}. Standard output
 * carries JSON lines only: {@code {"jvmStartMs":…}} and {@code {"clusterStartMs":…}} first,
 * then one line per script, {@code {"script":…,"ok":true,"ms":…}} or
 * {@code {"script":…,"ok":false,"ms":…,"error":…}}. Logs go to standard error (warnings and
 * errors only). Exit code 0 when every script succeeded,
 * else 1; a failing script never stops the next ones.
 */
public final class RunScripts {
  private RunScripts() {}

  public static void main(String[] args) {
    quietLogs();
    long jvmStartMs =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    // Standard output is for the report alone: whatever else prints there (a 'print' sink, a
    // library) goes to standard error.
    PrintStream report = System.out;
    System.setOut(System.err);
    report.println("{\"jvmStartMs\":" + jvmStartMs + "}");
    report.flush();
    if (args.length == 0) {
      System.err.println("usage: RunScripts a.sql [b.sql …]");
      System.exit(2);
    }
    // While the cluster starts, the planner is loaded (a 42 MB jar unpacked, thousands of
    // classes) and used once on the other core: the first script then starts 0.5 s sooner.
    Thread warm = new Thread(RunScripts::warmPlanner, "warm-planner");
    warm.setDaemon(true);
    warm.start();
    Configuration base = null;
    String clusterError = null;
    try {
      long start = System.nanoTime();
      base = clusterConfiguration(startCluster(slots(args)));
      report.println("{\"clusterStartMs\":" + (System.nanoTime() - start) / 1_000_000 + "}");
    } catch (Exception e) {
      e.printStackTrace();
      clusterError = "cannot start Flink's MiniCluster: " + rootMessage(e);
    }
    try {
      warm.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean allOk = true;
    for (String script : args) {
      long start = System.nanoTime();
      String error = base == null ? clusterError : run(Path.of(script), base);
      long ms = (System.nanoTime() - start) / 1_000_000;
      allOk &= error == null;
      StringBuilder line = new StringBuilder("{\"script\":").append(json(script));
      line.append(",\"ok\":").append(error == null).append(",\"ms\":").append(ms);
      if (error != null) line.append(",\"error\":").append(json(error));
      report.println(line.append('}'));
      report.flush();
    }
    // The MiniCluster leaves non-daemon threads behind: end the JVM explicitly.
    System.exit(allOk ? 0 : 1);
  }

  /** Before any Flink class asks for a logger: slf4j-simple to stderr, warnings and errors. */
  private static void quietLogs() {
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // Warnings every local job prints (a cluster's features it does not use, operator names
    // longer than a metric name may be).
    for (String quiet : List.of("security.token", "webmonitor", "metrics")) {
      defaultProperty("org.slf4j.simpleLogger.log.org.apache.flink.runtime." + quiet, "error");
    }
  }

  /** Plans a statement in a throwaway TableEnvironment; what it fails on, a script reports. */
  private static void warmPlanner() {
    try {
      TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      env.executeSql("CREATE TABLE warm (a BIGINT) WITH ('connector' = 'blackhole')");
      env.explainSql("INSERT INTO warm SELECT 1");
    } catch (Throwable e) {
      // only a warm-up
    }
  }

  // A parallelism a script asks for, in a SET or a table's options.
  private static final Pattern PARALLELISM =
      Pattern.compile(
          "(?i)'(parallelism\\.default|table\\.exec\\.resource\\.default-parallelism"
              + "|sink\\.parallelism|scan\\.parallelism)'\\s*=\\s*'(\\d{1,4})'");

  /**
   * Slots for the MiniCluster's one TaskManager: 8, or the highest parallelism the scripts ask
   * for. A job that needs more slots than there are waits for them (over 5 minutes, measured),
   * where a MiniCluster per job would have been sized for it.
   */
  static int slots(String[] scripts) {
    int slots = 8;
    for (String script : scripts) {
      try {
        var m = PARALLELISM.matcher(Files.readString(Path.of(script), StandardCharsets.UTF_8));
        while (m.find()) slots = Math.max(slots, Integer.parseInt(m.group(2)));
      } catch (Exception e) {
        // reported when the script runs
      }
    }
    return slots;
  }

  private static MiniCluster startCluster(int slots) throws Exception {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.BIND_PORT, "0"); // a free port: runners may run side by side
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return cluster;
  }

  /**
   * What each script's TableEnvironment starts from: its jobs go to the one MiniCluster over its
   * REST port. A job then starts in about 0.4 s, where a MiniCluster per job (what a
   * TableEnvironment does alone) costs about 1 s more per script.
   */
  private static Configuration clusterConfiguration(MiniCluster cluster) throws Exception {
    URI rest = cluster.getRestAddress().get();
    Configuration config = new Configuration();
    config.set(DeploymentOptions.TARGET, "remote");
    config.set(RestOptions.ADDRESS, rest.getHost());
    config.set(RestOptions.PORT, rest.getPort());
    config.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    return config;
  }

  /**
   * Runs one script in a TableEnvironment of its own; null when every statement succeeded, else
   * what went wrong and where.
   */
  static String run(Path script, Configuration base) {
    List<Statements.Statement> statements;
    try {
      statements = Statements.split(Files.readString(script, StandardCharsets.UTF_8));
    } catch (Exception e) {
      return "cannot read the script: " + e;
    }
    TableEnvironment env;
    try {
      env =
          TableEnvironment.create(
              EnvironmentSettings.newInstance()
                  .inStreamingMode()
                  .withConfiguration(new Configuration(base))
                  .build());
    } catch (Exception e) {
      return "cannot create the TableEnvironment: " + rootMessage(e);
    }
    for (int i = 0; i < statements.size(); i++) {
      Statements.Statement statement = statements.get(i);
      try {
        execute(env, statement.sql());
      } catch (Throwable e) {
        System.err.println("rivulet-flink: " + script + ", statement " + (i + 1) + " failed:");
        e.printStackTrace();
        String where = "statement " + (i + 1) + " (script line " + statement.line() + "): ";
        return where + rootMessage(e);
      }
    }
    return null;
  }

  private static final Pattern QUERY = Pattern.compile("(?is)^[\\s(]*(SELECT|WITH|VALUES)\\b.*");

  // TableEnvironment.executeSql refuses SET and RESET in Flink 2.3 ("Unsupported SQL query!"):
  // only the SQL client reads them. They are applied to the table's configuration here, which
  // Flink merges into each job's configuration when it submits it.
  private static final Pattern SET =
      Pattern.compile("(?is)^SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'$");
  private static final Pattern RESET = Pattern.compile("(?is)^RESET\\s+'((?:[^']|'')*)'$");

  private static void execute(TableEnvironment env, String sql) throws Exception {
    var set = SET.matcher(sql);
    if (set.matches()) {
      env.getConfig().set(unquote(set.group(1)), unquote(set.group(2)));
      return;
    }
    var reset = RESET.matcher(sql);
    if (reset.matches()) {
      env.getConfig().getConfiguration().removeKey(unquote(reset.group(1)));
      return;
    }
    TableResult result = env.executeSql(sql);
    if (result.getJobClient().isEmpty()) return; // DDL, a view, SHOW: done already
    if (!QUERY.matcher(sql).matches()) {
      result.await(); // INSERT, statement set: the bounded job has finished
      return;
    }
    // A query's job ends once its rows are read (await() only waits for the first one).
    try (CloseableIterator<Row> rows = result.collect()) {
      while (rows.hasNext()) rows.next();
    }
  }

  private static String unquote(String s) {
    return s.replace("''", "'");
  }

  /**
   * The message of the deepest cause (Flink wraps the real problem many times), with the one of
   * the cause just above it: that one either adds a position to it ("From line 1, column 29 to
   * line 1, column 32: Object 'nope' not found") or says what was being done ("Failed to
   * deserialize JSON '…'").
   */
  static String rootMessage(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null && messages.size() < 100; t = t.getCause()) {
      String m = t.getMessage();
      messages.add(m == null || m.isBlank() ? t.getClass().getName() : m.trim());
    }
    String root = messages.get(messages.size() - 1);
    if (messages.size() == 1) return root;
    String above = messages.get(messages.size() - 2);
    if (above.contains(root)) return above;
    return root + " (" + (above.length() > 300 ? above.substring(0, 300) + "…" : above) + ")";
  }

  private static void defaultProperty(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }

  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
