package cli;

import picocli.CommandLine;
import platform.IoMode;

final class IoModeConverter implements CommandLine.ITypeConverter<IoMode> {
    @Override
    public IoMode convert(String value) {
        try {
            return IoMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
