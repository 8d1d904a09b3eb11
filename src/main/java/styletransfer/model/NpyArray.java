package styletransfer.model;

import java.util.Arrays;

/**
 * An array read from an NPY file, converted to double and stored in C (row-major) order whatever the file's order.
 */
public record NpyArray(int[] shape, double[] data) {
    public NpyArray {
        shape = shape.clone();
        data = data.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements, data has " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public double[] data() {
        return data.clone();
    }

    /** Element at a C-order flat index; avoids copying the whole data array for single reads. */
    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /**
     * Per-channel mean of a CxHxW array, computed as the reference's {@code a.mean(1).mean(1)} is by numpy, so that
     * the result matches to the last bit: the first mean adds the rows one after the other (numpy's reduction over a
     * non-contiguous axis), the second uses numpy's pairwise summation (reduction over the contiguous axis).
     */
    public double[] channelMeans() {
        if (shape.length != 3 || shape[1] == 0 || shape[2] == 0) {
            throw new IllegalArgumentException("expected a 3-D array CxHxW, got shape " + Arrays.toString(shape));
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        double[] means = new double[c];
        double[] columnMeans = new double[w];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int x = 0; x < w; x++) {
                double s = data[base + x];
                for (int y = 1; y < h; y++) {
                    s += data[base + y * w + x];
                }
                columnMeans[x] = s / h;
            }
            means[ch] = pairwiseSum(columnMeans, 0, w) / w;
        }
        return means;
    }

    /** numpy's pairwise_sum (umath loops): blocks of up to 128 summed with 8 accumulators, larger ranges halved. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
