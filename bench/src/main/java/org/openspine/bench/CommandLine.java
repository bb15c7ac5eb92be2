package org.openspine.bench;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** How the bench's mains treat their arguments: the same help and the same refusal of bad options. */
final class CommandLine {

    private CommandLine() {
    }

    /**
     * @param parser reads the options, throwing {@link IllegalArgumentException} saying what is wrong
     * @return the options; empty after printing {@code usage} for {@code --help} or {@code -h}. Bad options print
     *         why and the usage on standard error and exit the JVM with status 2
     */
    static <T> Optional<T> options(String[] args, String usage, Function<String[], T> parser) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage);
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return Optional.empty();
        }
    }
}
