package cli;

import java.util.Locale;

import ch.qos.logback.classic.Level;
import picocli.CommandLine;

final class LevelConverter implements CommandLine.ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            case "off" -> Level.OFF;
            default -> throw new CommandLine.TypeConversionException(
                    "unknown log level '" + value + "' (expected error, warn, info, debug, trace or off)");
        };
    }
}
