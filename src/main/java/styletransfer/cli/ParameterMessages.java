package styletransfer.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli's parse errors in the user's words: "'abc' is not an int" and "expected one of [REFERENCE, MINIMAL]"
 * speak Java; the user typed {@code -n abc} and {@code --schedule x}.
 */
final class ParameterMessages {
    private static final Pattern NOT_A = Pattern.compile(": '(.*)' is not an? (\\w+)$");
    private static final Pattern ONE_OF = Pattern.compile("expected one of \\[.*] \\(case-insensitive\\) but was '(.*)'");

    private ParameterMessages() {}

    static String say(ParameterException ex) {
        String message = String.valueOf(ex.getMessage());
        ArgSpec arg = ex.getArgSpec();
        if (!(arg instanceof OptionSpec option) || !message.startsWith("Invalid value for")) {
            return message;
        }
        String name = name(option);
        Matcher notA = NOT_A.matcher(message);
        if (notA.find()) {
            String kind = switch (notA.group(2)) {
                case "int", "long", "short", "byte" -> "a whole number";
                default -> "a number";
            };
            return name + " takes " + kind + ", got '" + notA.group(1) + "'";
        }
        Matcher oneOf = ONE_OF.matcher(message);
        Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
        if (oneOf.find() && type.isEnum()) {
            String values = Arrays.stream(type.getEnumConstants())
                    .map(v -> v.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            return name + " takes one of " + values + ", got '" + oneOf.group(1) + "'";
        }
        return message;
    }

    /** "-n (--num-iters)", or the one name an option has. */
    private static String name(OptionSpec option) {
        String shortest = option.shortestName();
        String longest = option.longestName();
        return shortest.equals(longest) ? longest : shortest + " (" + longest + ")";
    }
}
