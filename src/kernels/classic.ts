/**
 * The weights of the classic 3×3 image filters, row by row, as used by cross-correlation
 * (the library's `conv2d`): the value at row `i`, column `j` multiplies pixel `(oh + i, ow + j)`.
 * Plain frozen number arrays: the `kernels` getters copy them into a fresh tensor each time.
 */

/** Passes the image through unchanged: a 1 in the centre. */
export const IDENTITY: readonly number[] = Object.freeze([0, 0, 0, 0, 1, 0, 0, 0, 0]);

/** Horizontal gradient (responds to vertical edges): right column minus left, centre row weighted 2. */
export const SOBEL_X: readonly number[] = Object.freeze([-1, 0, 1, -2, 0, 2, -1, 0, 1]);

/** Vertical gradient (responds to horizontal edges): the transpose of {@link SOBEL_X}. */
export const SOBEL_Y: readonly number[] = Object.freeze([-1, -2, -1, 0, 0, 0, 1, 2, 1]);

/** Identity plus the negated Laplacian: boosts each pixel against its four neighbours. Sums to 1. */
export const SHARPEN: readonly number[] = Object.freeze([0, -1, 0, -1, 5, -1, 0, -1, 0]);

/** The 4-neighbour discrete Laplacian: zero on flat and linear regions. Sums to 0. */
export const LAPLACIAN: readonly number[] = Object.freeze([0, 1, 0, 1, -4, 1, 0, 1, 0]);

/** A diagonal gradient plus the pixel itself: a relief lit from the top left. Sums to 1. */
export const EMBOSS: readonly number[] = Object.freeze([-2, -1, 0, -1, 1, 1, 0, 1, 2]);
