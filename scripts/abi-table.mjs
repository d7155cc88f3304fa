// The interface between the TypeScript side and the AssemblyScript module, declared once.
// scripts/gen-abi.mjs writes it out for both languages (assembly/abi.generated.ts,
// src/wasm/abi.generated.ts); test/abi.test.ts fails when either is stale or they disagree.
// Every slot has one meaning: a path that needs an integer of its own gets a slot of its own.

/**
 * The JS glue's version of the module's exports. Bump it whenever an export's signature, a slot,
 * an activation, a pooling mode or a layout constant changes: a .wasm of another version is
 * then refused at load.
 * 2: A_FLAG, A_TILE and A_PHASE_LENGTH split into one slot per meaning.
 * 3: kernels cut for threads: each conv path and pooling is a task (args, scratch, begin, end)
 *    over a grid of tiles, nchw-direct and winograd have a prologue, packWinograd takes scratch;
 *    A_TILE_ROWS.
 * 4: A_WINOGRAD_PARTS: the winograd grid also cuts the output channels.
 * 5: the prologues are tasks too (args, scratch, begin, end) over images (× channels) × row
 *    blocks; A_PROLOGUE_BLOCKS. A_BATCH goes: every kernel now finds its images in its grid.
 * 6: convSeparable, the separable path's task (A_TILE_ROWS, A_ROW_LENGTH).
 * 7: A_TILE_CHANNELS: the depthwise-nhwc grid also cuts the channels, for layers of few rows.
 * 8: A_DIRECT_NHWC: nchw-direct also runs few-channel NHWC layers (NHWC in and out).
 * 9: scatterPhase and interleavePair, which put a transposed convolution's phase outputs in place;
 *    activations ACT_GELU … ACT_HARD_SIGMOID; padBorder (conv's paddingMode); preluChannels; accumulateFloats.
 * 10: maxPoolIndicesNhwc and lpPoolNhwc (A_POOL_INDICES, A_POOL_INDEXING, A_POOL_NORM); A_ROW_MAP,
 *     A_COL_MAP: nchw-direct's and winograd's prologues fill paddingMode's border in their padded copy;
 *     preluChannels becomes preluTask, a tile task (A_PRELU_SLOPES, A_PRELU_NHWC).
 * 11: int8 convolution: qconvPrologue, qconvDense, qconvDepthwise (A_Q_* slots, QCONV_* layout).
 * 12: qconvDepthwisePlanes, the NCHW int8 depthwise task (A_Q_ROW_PAIRS, A_Q_BAND_ROWS, A_Q_ROW_AT,
 *     A_Q_BAND_AT); qconvPairPrologue and qconvDensePlanes, the NCHW int8 dense tasks;
 *     qconvWinogradInput and qconvWinogradOutput, int8 Winograd F(2×2, 3×3) (A_Q_WINOGRAD_V,
 *     A_Q_WINOGRAD_M); QCONV_IMAGE_FILTERS (A_Q_IMAGE_FILTERS).
 * 13: A_Q_WINOGRAD_V_PLANE, A_Q_WINOGRAD_M_PLANE: the int8 Winograd planes' strides, padded off
 *     multiples of 4 KB; qconvDense's QCONV_IMAGE_FILTERS images are those planes.
 *     qconvPairPrologue and qconvDensePlanes go (qconvDense runs NCHW 1×1 layers faster).
 * (Threaded builds, BUILD's bit 4, export the same functions: they need no bump of their own.)
 */
export const ABI = 13;

/** The argument block's i32 slots, in order: slot n is the n-th entry. `f32` slots hold f32 bits. */
export const SLOTS = [
  ['A_IN_CHANNELS', 'input channels'],
  ['A_IN_HEIGHT', 'input height'],
  ['A_IN_WIDTH', 'input width'],
  ['A_OUT_CHANNELS', 'output channels'],
  ['A_OUT_HEIGHT', 'output height'],
  ['A_OUT_WIDTH', 'output width'],
  ['A_KERNEL_HEIGHT', 'kernel (pooling: window) height'],
  ['A_KERNEL_WIDTH', 'kernel (pooling: window) width'],
  ['A_STRIDE_H', 'vertical stride'],
  ['A_STRIDE_W', 'horizontal stride'],
  ['A_DILATION_H', 'vertical dilation'],
  ['A_DILATION_W', 'horizontal dilation'],
  ['A_PAD_TOP', 'rows of padding above'],
  ['A_PAD_LEFT', 'columns of padding on the left'],
  ['A_PAD_BOTTOM', 'rows of padding below'],
  ['A_PAD_RIGHT', 'columns of padding on the right'],
  ['A_GROUPS', 'convolution groups'],
  ['A_INPUT', 'address of the input'],
  ['A_WEIGHTS', 'address of the packed filter'],
  ['A_BIAS', 'address of the packed bias'],
  ['A_OUTPUT', 'address of the output'],
  ['A_WORK', "address of the call's workspace (ConvPlan.workFloats floats)"],
  ['A_ZEROS', 'address of a run of 64 zero floats, read as padding'],
  ['A_ACT', 'activation code (ACT_*)'],
  ['A_ACT_P0', "activation's first parameter: clamp min, leaky ReLU alpha", 'f32'],
  ['A_ACT_P1', "activation's second parameter: clamp max", 'f32'],
  ['A_DEPTH_BLOCK', 'GEMM paths: K (depth) per block'],
  ['A_TILE_PIXELS', 'nchw-pointwise, nhwc: output pixels per grid tile'],
  ['A_TILE_ROWS', 'nchw-direct, planes, separable, depthwise-nhwc, pooling: output rows per grid tile'],
  ['A_PHASE_LENGTH', 'nchw-direct: floats per width phase of a padded row'],
  ['A_GATHER_PANELS', 'nchw-direct: 1 = gather each panel into L1, 0 = read panels in place'],
  ['A_POINTWISE', 'nhwc: 1 = 1×1 stride-1 unpadded, the input pixels are the GEMM rows (no im2col)'],
  ['A_ROW_LENGTH', 'planes, separable: floats per zero-padded row in scratch (planes: of the padded plane; separable: its one row)'],
  ['A_WINOGRAD_TILE', 'winograd: the output tile side m (2 or 4)'],
  ['A_WINOGRAD_BLOCK', 'winograd: Winograd tiles per block of V and M, and per grid tile'],
  ['A_WINOGRAD_NHWC', 'winograd: 1 = input and output are NHWC, 0 = NCHW'],
  ['A_WINOGRAD_PARTS', 'winograd: parts the output channels are cut into, each a grid tile of its own (NR-wide panels apiece)'],
  ['A_PROLOGUE_BLOCKS', "nchw-direct, winograd: row blocks per padded plane (nchw-direct) or image (winograd), each a tile of the prologue's grid"],
  ['A_POOL_MODE', 'pooling: POOL_* mode'],
  ['A_TILE_CHANNELS', 'depthwise-nhwc: output channels per grid tile, a multiple of 16'],
  ['A_DIRECT_NHWC', 'nchw-direct: 1 = input and output are NHWC (layers of few input channels), 0 = NCHW'],
  ['A_ROW_MAP', "nchw-direct, winograd, planes, separable: address of the padded rows' source-row table (i32, −1 = zeros), 0 for zero padding"],
  ['A_COL_MAP', "nchw-direct, winograd, planes, separable: address of the padded columns' source-column table (i32, −1 = zeros), 0 for zero padding"],
  ['A_POOL_INDICES', 'maxPoolIndicesNhwc: address of the i32 indices, laid out as the output'],
  ['A_POOL_INDEXING', "maxPoolIndicesNhwc: bit 0 = column storage order (w·H + h), bit 1 = numbered over the whole NCHW tensor"],
  ['A_POOL_NORM', 'lpPoolNhwc: the exponent p, 1 or 2'],
  ['A_PRELU_SLOPES', "preluTask: address of the per-channel PReLU's slopes"],
  ['A_PRELU_NHWC', 'preluTask: 1 = the output is NHWC (a tile per output row), 0 = NCHW (a tile per plane)'],
  ['A_Q_INPUT_ZERO', 'qconv: the input zero point'],
  ['A_Q_OUTPUT_ZERO', 'qconv: the output zero point'],
  ['A_Q_LOW', "qconv: the smallest output integer (the type's range narrowed by the activation)"],
  ['A_Q_HIGH', 'qconv: the largest output integer'],
  ['A_Q_SCALES', 'qconv: address of the f32 requantization scale of each packed output channel'],
  ['A_Q_FLAGS', 'qconv: QCONV_* flag bits (operand types, layout, int32 output)'],
  ['A_Q_GROUP_STRIDE', "qconv: int16 elements from one group's channels to the next in a padded pixel"],
  ['A_Q_PIXEL_STRIDE', 'qconv: int16 elements per padded pixel'],
  ['A_Q_OC_BLOCKS', 'qconvDense: blocks of QCONV_OC_BLOCK output channels per group'],
  ['A_Q_ROW_PAIRS', 'qconvDepthwisePlanes: int16 pairs per pair row (in scratch), a multiple of 8'],
  ['A_Q_BAND_ROWS', 'qconvDepthwisePlanes: output rows per band whose pair rows scratch holds at once'],
  ['A_Q_ROW_AT', "qconvDepthwisePlanes: scratch byte offset of the padded int16 input row the pair rows are made from"],
  ['A_Q_BAND_AT', "qconvDepthwisePlanes: scratch byte offset of the band's pair rows (the padded row's scratch ends there)"],
  ['A_Q_WINOGRAD_V', "qconvWinogradInput: address of the transformed input tiles V (per image, 16 planes of tiles, a tile's channels as int16s)"],
  ['A_Q_WINOGRAD_M', "qconvWinogradOutput: address of the GEMM's products M (per image, 16 planes of tiles, a tile's output channels as int32s)"],
  ['A_Q_IMAGE_FILTERS', 'qconvDense with QCONV_IMAGE_FILTERS: packed filters, one after another, the images cycle through'],
  ['A_Q_WINOGRAD_V_PLANE', "int8 Winograd: bytes from one plane of V to the next (qconvWinogradInput; qconvDense's input images with QCONV_IMAGE_FILTERS)"],
  ['A_Q_WINOGRAD_M_PLANE', "int8 Winograd: bytes from one plane of M to the next (qconvWinogradOutput; qconvDense's output images with QCONV_IMAGE_FILTERS)"],
];

/** Activation codes (A_ACT). relu and relu6 are clamps (src/wasm/activation.ts). */
export const ACTIVATIONS = [
  ['ACT_NONE', 'identity'],
  ['ACT_CLAMP', 'min(max(x, p0), p1)'],
  ['ACT_LEAKY_RELU', 'x < 0 ? p0 · x : x'],
  ['ACT_HARD_SWISH', 'x · clamp(x + 3, 0, 6) / 6'],
  ['ACT_SIGMOID', '1 / (1 + e^−x)'],
  ['ACT_TANH', 'tanh x'],
  ['ACT_GELU', 'x/2 · (1 + erf(x/√2))'],
  ['ACT_GELU_TANH', 'x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))'],
  ['ACT_SILU', 'x / (1 + e^−x)'],
  ['ACT_SOFTPLUS', 'max(x, 0) + ln(1 + e^−|x|)'],
  ['ACT_ELU', 'x > 0 ? x : p0 · (e^x − 1)'],
  ['ACT_HARD_SIGMOID', 'clamp(p0 · x + p1, 0, 1)'],
];

/**
 * Sizes of buffer layouts both sides compute: the kernels to address a buffer, the plan to size
 * it. [name, value, meaning].
 */
export const LAYOUT = [
  // Figure: assembly/winograd-layout.ts (4 KiB-aligned plane strides collide in one L1 set).
  ['WINOGRAD_SKEW', 16, "floats added to every plane stride of Winograd's U, V and M"],
  ['QCONV_OC_BLOCK', 8, 'qconvDense, qconvDepthwise: output channels per packed block (two i32x4 accumulators)'],
  ['QCONV_SPILL_BYTES', 64, "qconv kernels: scratch bytes per thread the epilogue spills a partial block through, before the kernels' tap table"],
  ['QCONV_INPUT_SIGNED', 1, 'A_Q_FLAGS bit: the input is int8 (else uint8)'],
  ['QCONV_OUTPUT_SIGNED', 2, 'A_Q_FLAGS bit: the output is int8 (else uint8)'],
  ['QCONV_NCHW', 4, 'A_Q_FLAGS bit: input and output are NCHW (else NHWC)'],
  ['QCONV_INT32', 8, 'A_Q_FLAGS bit: the output is the int32 accumulators (convInteger), not requantized'],
  ['QCONV_IMAGE_FILTERS', 16, "A_Q_FLAGS bit (qconvDense): image n of the input takes packed filter n mod A_Q_IMAGE_FILTERS (int8 Winograd's GEMM: an image per tile position)"],
];

/** Pooling modes (A_POOL_MODE). */
export const POOL_MODES = [
  ['POOL_MAX', 'the largest value in the window'],
  ['POOL_AVERAGE', 'the mean of the window cells inside the input'],
  ['POOL_AVERAGE_COUNT_PAD', 'the sum over the window divided by the taps inside input + explicit padding'],
];
