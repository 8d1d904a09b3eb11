package styletransfer.cli;

import styletransfer.BadInputException;
import styletransfer.caffe.Device;
import styletransfer.caffe.Devices;

/** What {@code -g ID} means on every command: -1 the CPU, 0 and up a GPU; anything else is a typo, refused. */
final class DeviceChoice {
    private DeviceChoice() {}

    /** The device of {@code -g id}, or the default device when the flag was not given. */
    static Device of(Integer id) {
        if (id == null) {
            return Devices.defaultDevice();
        }
        check(id);
        return Devices.forId(id);
    }

    /** Refuses ids below -1: only -1 means the CPU (style.py's convention), so -2 is a mistake, not the CPU. */
    static void check(int id) {
        if (id < -1) {
            throw new BadInputException("-g " + id + ": give a GPU id (0, 1, ...) or -1 for the CPU");
        }
    }
}
