package io.lalo.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A block of free ports for one test cluster, away from LALO's defaults so tests never join a developer's running
 * cluster. Discovery uses {@code base..base+9}, communication {@code base+100..}, thin clients {@code base+200..},
 * the HTTP edge {@code base+300..}; node {@code i} adds {@code i} to each.
 */
public record TestPorts(int base) {

    public static TestPorts allocate() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 1_000 * ThreadLocalRandom.current().nextInt(30);
            if (allFree(base)) {
                return new TestPorts(base);
            }
        }
        throw new IllegalStateException("no free port block found");
    }

    private static boolean allFree(int base) {
        for (int group = 0; group <= 300; group += 100) {
            for (int i = 0; i < 5; i++) {
                if (!free(base + group + i)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int discovery() {
        return base;
    }

    public int communication() {
        return base + 100;
    }

    public int clientConnector() {
        return base + 200;
    }

    public int edge() {
        return base + 300;
    }
}
