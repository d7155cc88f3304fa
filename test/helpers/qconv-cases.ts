// Random int8 convolutions for the bit-exact tests: every layout, groups (dense, grouped,
// depthwise, channel multipliers), strides, dilations, paddings (numbers, four sides, 'same'),
// both activation types, output types, per-tensor and per-channel scales and zero points, the
// extremes of both (zero points at the ends of their range; scale products from 1e-6 to 1e3,
// so that outputs saturate at both ends), int32 biases up to ±2³¹ (sums that wrap), and the
// fused activations. `dotWeights` draws weights whose w − wZero fit an int8, the relaxed dot
// kernel's condition (src/engine/qconv-pack.ts).
import type { QLinearConv2dOptions, QuantizedTensor } from '../../src/index.js';

export interface QConvCase {
  readonly input: QuantizedTensor;
  readonly filter: QuantizedTensor;
  readonly options: QLinearConv2dOptions;
  /** The same geometry and zero points, for convInteger2d. */
  readonly integerOptions: Record<string, unknown>;
  readonly description: string;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: () => number, low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

/** An 8-bit array of `length`, of `signed` type; extremes weighted in, so saturation is tested. */
function bytes(rand: () => number, length: number, signed: boolean): Uint8Array | Int8Array {
  const data = signed ? new Int8Array(length) : new Uint8Array(length);
  const [low, high] = signed ? [-128, 127] : [0, 255];
  for (let i = 0; i < length; i++) data[i] = rand() < 0.1 ? pick(rand, [low, high]) : int(rand, low, high);
  return data;
}

function zeroPoint(rand: () => number, signed: boolean): number {
  const [low, high] = signed ? [-128, 127] : [0, 255];
  return rand() < 0.3 ? pick(rand, [low, high, signed ? 0 : 128]) : int(rand, low, high);
}

/**
 * A case no larger than `maxSide` per spatial axis; `dotWeights` as above; `depthwise`: one
 * channel per group (multiplier 1); `pointwise`: one group, a 1×1 filter; `nchw` the input
 * layout; `unitStride`: horizontal stride 1 (the NCHW kernels' cases); `winograd`: one group,
 * 3×3, strides and dilations 1 (int8 Winograd's layers); `maxBatch` the largest
 * batch (default 2; the same single draw, so a seed gives the same case as before).
 */
export function randomQConvCase(
  rand: () => number,
  options: { maxSide?: number; maxBatch?: number; dotWeights?: boolean; oneD?: boolean; depthwise?: boolean; pointwise?: boolean; winograd?: boolean; nchw?: boolean; unitStride?: boolean } = {},
): QConvCase {
  const maxSide = options.maxSide ?? 12;
  const kind = options.depthwise ? 'depthwise' : options.dotWeights || options.pointwise || options.winograd ? 'dense' : pick(rand, ['dense', 'dense', 'grouped', 'depthwise', 'multiplier'] as const);
  const groups = kind === 'dense' ? 1 : kind === 'grouped' ? int(rand, 2, 4) : int(rand, 1, 20);
  const perGroup = kind === 'depthwise' || kind === 'multiplier' ? 1 : int(rand, 1, options.dotWeights ? 20 : 9);
  const multiplier = kind === 'multiplier' ? int(rand, 2, 3) : 1;
  const inChannels = groups * perGroup;
  // A third of the dense and grouped cases with 13–40 output channels a group: the dense kernel
  // runs two blocks of 8 at a time (assembly/qconv-dense-wide.ts), then any last block alone.
  const outPerGroup = rand() < 0.3 ? int(rand, 13, 40) : int(rand, 1, 12);
  const outChannels = kind === 'depthwise' || kind === 'multiplier' ? groups * multiplier : groups * outPerGroup;
  const oneD = options.oneD === true;
  const maxKernel = options.depthwise ? 7 : 5;
  const kh = options.winograd ? 3 : oneD || options.pointwise ? 1 : int(rand, 1, maxKernel);
  const kw = options.winograd ? 3 : options.pointwise ? 1 : int(rand, 1, maxKernel);
  const dh = oneD || options.winograd ? 1 : int(rand, 1, 2);
  const dw = options.winograd ? 1 : int(rand, 1, 2);
  const h = oneD ? 1 : int(rand, (kh - 1) * dh + 1, Math.max((kh - 1) * dh + 1, maxSide));
  const w = int(rand, (kw - 1) * dw + 1, Math.max((kw - 1) * dw + 1, maxSide));
  const n = int(rand, 1, options.maxBatch ?? 2);
  const nhwc = options.nchw === undefined ? rand() < 0.5 : !options.nchw;
  const inputSigned = rand() < 0.5;
  const filterSigned = options.dotWeights ? rand() < 0.7 : rand() < 0.5;
  const outputSigned = rand() < 0.5;
  const filterLayout = pick(rand, ['oihw', 'hwio', 'ohwi', 'ihwo'] as const);
  const inputShape = nhwc ? [n, h, w, inChannels] : [n, inChannels, h, w];
  const dims: Record<string, number> = { o: outChannels, i: perGroup, h: kh, w: kw };
  const filterShape = [...filterLayout].map((letter) => dims[letter]!);
  const filterSize = outChannels * perGroup * kh * kw;
  const perChannel = rand() < 0.5;
  // The dot kernel's weights: symmetric int8 (zero point 0) or uint8 about 128.
  const filterZero = options.dotWeights ? (filterSigned ? 0 : 128) : perChannel ? Array.from({ length: outChannels }, () => zeroPoint(rand, filterSigned)) : zeroPoint(rand, filterSigned);
  const scaleExponent = pick(rand, [-6, -4, -3, -2, -2, -2, -1, 0, 3]);
  const scale = () => 10 ** (scaleExponent + rand() - 0.5);
  const padding = pick(rand, [0, 1, 2, [int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2)], 'same', 'same-lower']);
  const activation = pick(rand, [undefined, undefined, 'relu', 'relu6', { type: 'clamp' as const, min: -0.5, max: 2 }, { type: 'clamp' as const, max: 0.25 }]);
  const biasRange = pick(rand, [100, 100_000, 2 ** 31 - 1]);
  const geometry: Record<string, unknown> = {
    padding: oneD ? (Array.isArray(padding) ? padding.slice(2) : padding) : padding,
    strides: oneD ? (options.unitStride ? 1 : int(rand, 1, 3)) : options.winograd ? [1, 1] : [int(rand, 1, 3), options.unitStride ? 1 : int(rand, 1, 3)],
    dilations: oneD ? dw : [dh, dw],
    groups,
    inputLayout: oneD ? (nhwc ? 'nwc' : 'ncw') : nhwc ? 'nhwc' : 'nchw',
    filterLayout: oneD ? filterLayout.replace('h', '') : filterLayout,
    inputZeroPoint: zeroPoint(rand, inputSigned),
    filterZeroPoint: filterZero,
  };
  const qoptions = {
    ...geometry,
    inputScale: scale(),
    filterScale: perChannel ? Float32Array.from({ length: outChannels }, () => 0.001 + rand() * 0.05) : 0.02,
    outputScale: 0.01 + rand() * 0.2,
    outputZeroPoint: zeroPoint(rand, outputSigned),
    outputType: outputSigned ? 'int8' : 'uint8',
    ...(rand() < 0.7 ? { bias: Int32Array.from({ length: outChannels }, () => int(rand, -biasRange, biasRange)) } : {}),
    ...(activation === undefined ? {} : { activation }),
  } as unknown as QLinearConv2dOptions;
  const strip = (shape: number[], layout: string) => (oneD ? shape.filter((_, i) => layout[i] !== 'h') : shape);
  const input = { data: bytes(rand, n * inChannels * h * w, inputSigned), shape: strip(inputShape, nhwc ? 'nhwc' : 'nchw') };
  const filter = { data: bytes(rand, filterSize, filterSigned), shape: strip(filterShape, filterLayout) };
  const what = `${inputSigned ? 'int8' : 'uint8'} x${JSON.stringify(input.shape)} ${filterSigned ? 'int8' : 'uint8'} w${JSON.stringify(filter.shape)}`;
  const shown = JSON.stringify(qoptions, (_key, value) => (value instanceof Float32Array || value instanceof Int32Array ? `${value.constructor.name}(${value.length})` : value));
  return { input, filter, options: qoptions, integerOptions: geometry, description: `${what} ${shown}` };
}
