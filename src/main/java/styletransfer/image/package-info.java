/**
 * Pictures in and out, as the reference (style.py on pyCaffe, scikit-image 0.13, PIL) handles them:
 * {@link styletransfer.image.ImageReader} decodes a file to an {@link styletransfer.image.Image} (RGB doubles in
 * [0, 1]), {@link styletransfer.image.Rescale} brings it to the working size with 0.13's bilinear rescale,
 * {@link styletransfer.image.CaffeTransform} turns it into the net's BGR data blob and back, and
 * {@link styletransfer.image.ImageWriter} saves the result as 8-bit JPEG or PNG.
 *
 * <p>Known difference: {@code caffe.io.load_image} casts the decoded image to float32 before rescaling; here it
 * stays float64 (v / 255), so rescaled values can differ from the reference's in the 8th significant digit.
 * Preprocessing casts to float32 as Caffe does, which hides most of it.
 */
package styletransfer.image;
