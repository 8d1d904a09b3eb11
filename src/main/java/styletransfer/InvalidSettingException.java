package styletransfer;

/**
 * A setting's value cannot be used. It carries the setting and the fact without the setting's name ("must be at
 * least 1, got 0"), so that the caller names the setting in its own words: {@code -n must be at least 1, got 0}
 * on the command line, {@code num-iters must be at least 1, got 0} in a manifest.
 */
public class InvalidSettingException extends BadInputException {
    private final Setting setting;
    private final String fact;

    public InvalidSettingException(Setting setting, String fact) {
        super(setting.neutralName() + " " + fact);
        this.setting = setting;
        this.fact = fact;
    }

    public Setting setting() {
        return setting;
    }

    /** What is wrong with the value, to follow the setting's name. */
    public String fact() {
        return fact;
    }

    /** The message with the setting called {@code name}. */
    public String messageNaming(String name) {
        return name + " " + fact;
    }
}
