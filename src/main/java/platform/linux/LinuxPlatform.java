package platform.linux;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

import platform.ListenSocket;
import platform.OpenFile;
import platform.Platform;
import platform.Poller;

/** The Linux backend: epoll and sockets through java.lang.foreign. */
public final class LinuxPlatform implements Platform {

    /** True on Linux, on the 64-bit architectures whose structure layouts this backend knows. */
    public static boolean isSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public ListenSocket listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve host " + address.getHostString());
        }
        return LinuxListenSocket.open(address, backlog, reusePort);
    }

    @Override
    public Poller openPoller() throws IOException {
        return new EpollPoller();
    }

    @Override
    public OpenFile openFile(Path file) throws IOException {
        return LinuxFile.open(file);
    }
}
