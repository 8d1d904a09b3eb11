package styletransfer.batch;

import java.nio.file.Path;

/**
 * One picture to paint.
 *
 * @param number 1-based position in the manifest (or in the contents x styles product): the job's name in
 *               logs and result lines
 */
public record Job(int number, Path content, Path style, Path output, JobOptions options) {}
