package dev.tempid.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real servers the store tests run against. A test that needs one that does not
 * answer fails with the command that starts it; outside CI it is skipped, visibly, with
 * the same message.
 */
public enum Servers {

	POSTGRESQL("PostgreSQL", 5432,
			"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),

	MARIADB("MariaDB", 3306, "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"),

	REDIS("Redis", 6379,
			"redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no "
					+ "--dir /var/lib/redis --logfile /var/log/redis/ci.log");

	private final String name;

	private final int port;

	private final String startCommand;

	Servers(String name, int port, String startCommand) {
		this.name = name;
		this.port = port;
		this.startCommand = startCommand;
	}

	/** Fails (in CI) or aborts (elsewhere) unless the server answers on 127.0.0.1. */
	public void require() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
		}
		catch (IOException ex) {
			String message = this.name + " is not reachable on 127.0.0.1:" + this.port + ". Start it with: "
					+ this.startCommand;
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
	}

}
