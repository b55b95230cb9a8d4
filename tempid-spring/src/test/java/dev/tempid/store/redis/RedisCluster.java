package dev.tempid.store.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

/**
 * A Redis Cluster of its own for tests: six {@code redis-server} processes (three masters,
 * three replicas, {@code cluster-node-timeout 3000}) on free loopback ports, with their
 * files in a directory of the test's, created with {@code redis-cli --cluster create}.
 * Each node is stopped by the PID of the process this class started; the shared Redis on
 * 6379 is never touched. Waits poll the cluster's state within generous bounds (the build
 * machine may be loaded) instead of sleeping fixed times.
 */
final class RedisCluster implements AutoCloseable {

	static final String REDIS_SERVER = "/usr/bin/redis-server";

	static final String REDIS_CLI = "/usr/bin/redis-cli";

	static final int NODE_TIMEOUT_MILLIS = 3000;

	private final Path directory;

	private final Map<Integer, Process> nodes = new LinkedHashMap<>();

	private RedisCluster(Path directory) {
		this.directory = directory;
	}

	/** Starts the cluster, or aborts the test (fails it in CI) when Redis is not installed. */
	static RedisCluster start(Path directory) throws Exception {
		if (!new File(REDIS_SERVER).canExecute() || !new File(REDIS_CLI).canExecute()) {
			String message = REDIS_SERVER + " and " + REDIS_CLI
					+ " are needed to start a Redis Cluster of the test's own (Debian packages redis-server, redis-tools)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError(message);
			}
			Assumptions.abort(message);
		}
		RedisCluster cluster = new RedisCluster(directory);
		try {
			for (int port : freePorts(6)) {
				cluster.nodes.put(port, null);
				cluster.startNode(port);
			}
			List<String> create = new ArrayList<>(List.of(REDIS_CLI, "--cluster", "create"));
			cluster.nodes.keySet().forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			String output = run(create);
			if (!output.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed: " + output);
			}
			cluster.awaitHealthy();
			return cluster;
		}
		catch (Exception | AssertionError ex) {
			cluster.close();
			throw ex;
		}
	}

	/** The ports of every node. */
	List<Integer> ports() {
		return List.copyOf(this.nodes.keySet());
	}

	/** {@code host:port} of every node, for a {@code RedisClusterConfiguration}. */
	List<String> addresses() {
		return ports().stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	/** Runs a command on one node with {@code redis-cli}; its output, or an empty string when it does not answer. */
	String cli(int port, String... command) {
		List<String> line = new ArrayList<>(List.of(REDIS_CLI, "-h", "127.0.0.1", "-p", Integer.toString(port)));
		line.addAll(List.of(command));
		try {
			return run(line);
		}
		catch (IOException | InterruptedException | IllegalStateException ex) {
			return "";
		}
	}

	/** The cluster as {@code port} sees it ({@code CLUSTER NODES}). */
	List<Node> view(int port) {
		List<Node> view = new ArrayList<>();
		for (String line : cli(port, "CLUSTER", "NODES").split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 8) {
				continue;
			}
			String address = fields[1];
			int nodePort = Integer.parseInt(address.substring(address.indexOf(':') + 1).replaceAll("[@,].*", ""));
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				if (fields[i].startsWith("[")) {
					continue;
				}
				String[] range = fields[i].split("-");
				int from = Integer.parseInt(range[0]);
				slots.add(new int[] { from, (range.length > 1) ? Integer.parseInt(range[1]) : from });
			}
			view.add(new Node(fields[0], nodePort, fields[2], fields[3], slots));
		}
		return view;
	}

	/** The port of the master that serves {@code slot}, as {@code askedPort} sees it, or -1. */
	int masterOf(int slot, int askedPort) {
		for (Node node : view(askedPort)) {
			if (node.master() && !node.failing() && node.serves(slot)) {
				return node.port();
			}
		}
		return -1;
	}

	/** Kills a node with SIGKILL (by the PID of the process started for it). */
	void kill(int port) throws InterruptedException {
		Process process = this.nodes.get(port);
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
	}

	/** Freezes a node with SIGSTOP, as a long GC or VM pause would. */
	void freeze(int port) throws Exception {
		signal(port, "STOP");
	}

	/** Lets a frozen node run again (SIGCONT). */
	void thaw(int port) throws Exception {
		signal(port, "CONT");
	}

	/** Starts a killed node again with its files: it rejoins the cluster. */
	void restart(int port) throws Exception {
		startNode(port);
	}

	/**
	 * Waits until every node answers and says {@code cluster_state:ok}, the cluster has
	 * three masters each with one online replica, and every node agrees on who the masters are.
	 */
	void awaitHealthy() throws InterruptedException {
		await("the cluster to be healthy (3 masters with an online replica each)", 90, this::healthy);
	}

	boolean healthy() {
		List<Integer> masters = null;
		for (int port : this.nodes.keySet()) {
			if (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
				return false;
			}
			List<Integer> seen = view(port).stream()
				.filter((node) -> node.master() && !node.failing() && !node.slots().isEmpty())
				.map(Node::port)
				.sorted()
				.toList();
			if (masters != null && !masters.equals(seen)) {
				return false;
			}
			masters = seen;
		}
		if (masters == null || masters.size() != 3) {
			return false;
		}
		for (int master : masters) {
			String replication = cli(master, "INFO", "replication");
			if (!replication.contains("connected_slaves:1") || !replication.contains("state=online")) {
				return false;
			}
		}
		return true;
	}

	/** Polls {@code condition} every 200 ms for at most {@code seconds}. */
	static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + seconds + " s waiting for " + what);
			}
			Thread.sleep(200);
		}
	}

	/** Stops every node by the PID of its process (thawing frozen ones first). */
	@Override
	public void close() {
		for (Process process : this.nodes.values()) {
			if (process != null && process.isAlive()) {
				try {
					new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
				}
				catch (IOException | InterruptedException ex) {
					// destroyed below anyway
				}
				process.destroyForcibly();
			}
		}
		for (Process process : this.nodes.values()) {
			if (process != null) {
				try {
					process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private void signal(int port, String signal) throws Exception {
		long pid = this.nodes.get(port).pid();
		int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
		}
	}

	private void startNode(int port) throws Exception {
		Path dir = this.directory.resolve("node-" + port);
		Files.createDirectories(dir);
		Path config = dir.resolve("redis.conf");
		Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
				"cluster-enabled yes", "cluster-config-file nodes.conf",
				"cluster-node-timeout " + NODE_TIMEOUT_MILLIS, "appendonly no", "save \"\"",
				"repl-diskless-sync yes", "repl-diskless-sync-delay 0", "dir " + dir, "") + "\n");
		Path log = dir.resolve("redis.log");
		Process process = new ProcessBuilder(REDIS_SERVER, config.toString()).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		this.nodes.put(port, process);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (!answers(port)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException("redis-server did not start on port " + port + ": "
						+ Files.readString(log));
			}
			Thread.sleep(50);
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Free ports whose cluster bus ports (+10000) are free too. */
	private static List<Integer> freePorts(int count) throws IOException {
		List<Integer> ports = new ArrayList<>();
		while (ports.size() < count) {
			int port = ThreadLocalRandom.current().nextInt(20000, 50000);
			if (!ports.contains(port) && free(port) && free(port + 10000)) {
				ports.add(port);
			}
		}
		return ports;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output;
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("timed out: " + String.join(" ", command));
			}
			output = process.getInputStream().readAllBytes();
		}
		finally {
			process.getInputStream().close();
		}
		return new String(output, StandardCharsets.UTF_8);
	}

	/**
	 * A node as one node sees it.
	 * @param id the node id
	 * @param port its port
	 * @param flags its flags ({@code master}, {@code slave}, {@code fail}, {@code myself}…)
	 * @param masterId the id of its master, {@code -} for a master
	 * @param slots the slot ranges it serves
	 */
	record Node(String id, int port, String flags, String masterId, List<int[]> slots) {

		boolean master() {
			return this.flags.contains("master");
		}

		boolean failing() {
			return this.flags.contains("fail");
		}

		boolean serves(int slot) {
			return this.slots.stream().anyMatch((range) -> slot >= range[0] && slot <= range[1]);
		}

	}

}
