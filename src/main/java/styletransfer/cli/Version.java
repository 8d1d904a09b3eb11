package styletransfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;
import styletransfer.caffe.Devices;

/** {@code --version}: the project version (filled in by Maven) and which native build this is. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/styletransfer/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"style-transfer " + p.getProperty("version", "unknown"),
                "Caffe 1.0 (JavaCPP presets " + p.getProperty("javacpp", "?") + "), "
                        + (Devices.gpuBuild() ? "GPU build" : "CPU build"),
                "Java " + System.getProperty("java.version")};
    }
}
