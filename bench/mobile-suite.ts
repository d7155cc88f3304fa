/**
 * The mobile suite (`npm run bench -- --suite mobile`): conv layers of public mobile CNNs, one
 * entry per layer class of issue 13, where simdconv's lead over the peers is smallest: depthwise
 * 5×5 (strides 1 and (2, 1)), a 3-channel stride-2 stem, 1×1 layers on small maps and at 1×1
 * spatial (squeeze-excite), the 1×3 / 3×1 pair of a speech CNN, depthwise 3×3 (strides 1, 2 and
 * (2, 1)), and MobileNetV2/V3 layers. NCHW input, OIHW filter, batch 1, bias on; the padding is
 * the real layer's explicit symmetric `(k − 1) / 2` per axis (PyTorch's and PaddlePaddle's
 * MobileNets pad so), not TensorFlow's 'same'. Ids `M1`…: never confused with the suite's A–K.
 *
 * Sources: MobileNetV2 = Sandler et al. 2018, Table 2; MobileNetV3-Large / -Small = Howard et al.
 * 2019, Tables 1 and 2 (squeeze-excite width = expansion / 4); PP-OCR = PaddleOCR's MobileNetV3
 * detector and recogniser backbones (`ppocr/modeling/backbones/det_mobilenet_v3.py`,
 * `rec_mobilenet_v3.py`, whose recogniser strides text lines by (2, 1)). The PP-OCR and
 * speech-CNN channel counts and map sizes are those of the pretrained models measured in
 * issue 13 (OCR detector, recogniser and classifier; a speech-embedding CNN on a 76×32 log-mel
 * input), except M16's map, chosen here: a 32×320 text line after the stride-2 stem. The table
 * with every layer's source: docs/benchmark.md#the-mobile-suite.
 */
import type { SuiteCase } from '../src/cli/suite.js';

/** A depthwise k×k layer of `c` channels at h×w (multiplier 1), symmetric padding. */
function depthwise(id: string, name: string, c: number, h: number, w: number, k: number, strides: number | [number, number]): SuiteCase {
  const p = (k - 1) / 2;
  return { id, name, inputShape: [1, c, h, w], filterShape: [c, 1, k, k], options: { padding: p, groups: c, ...(strides === 1 ? {} : { strides }) } };
}

/** A dense layer `cin → cout`, kernel kh×kw, stride `s`, padding `(k − 1) / 2` per axis. */
function dense(id: string, name: string, cin: number, cout: number, h: number, w: number, kh: number, kw: number, s = 1): SuiteCase {
  const padding: [number, number] = [(kh - 1) / 2, (kw - 1) / 2];
  const options = { ...(padding[0] === 0 && padding[1] === 0 ? {} : { padding: padding[0] === padding[1] ? padding[0] : padding }), ...(s === 1 ? {} : { strides: s }) };
  return { id, name, inputShape: [1, cin, h, w], filterShape: [cout, cin, kh, kw], options };
}

export const MOBILE_SUITE: readonly SuiteCase[] = Object.freeze([
  // Depthwise 5×5, stride 1.
  depthwise('M1', 'PP-OCR dw 5×5, 480 ch 6×60', 480, 6, 60, 5, 1),
  depthwise('M2', 'PP-OCR dw 5×5, 88 ch 3×96', 88, 3, 96, 5, 1),
  depthwise('M3', 'PP-OCR dw 5×5, 200 ch 2×96', 200, 2, 96, 5, 1),
  // Depthwise 5×5, stride (2, 1): the recogniser halves the height of a text line only.
  depthwise('M4', 'PP-OCR dw 5×5 s(2,1), 480 ch 6×60', 480, 6, 60, 5, [2, 1]),
  depthwise('M5', 'PP-OCR dw 5×5 s(2,1), 104 ch 3×96', 104, 3, 96, 5, [2, 1]),
  // The stem: 3 input channels, stride 2.
  dense('M6', 'PP-OCR stem 3×3 s2, 3→16 160×288', 3, 16, 160, 288, 3, 3, 2),
  // 1×1 on small maps, and squeeze-excite at 1×1 spatial (a matrix–vector product).
  dense('M7', 'PP-OCR 1×1 18→96, 20×36', 18, 96, 20, 36, 1, 1),
  dense('M8', 'PP-OCR 1×1 96→18, 20×36', 96, 18, 20, 36, 1, 1),
  dense('M9', 'PP-OCR 1×1 384→384, 5×9', 384, 384, 5, 9, 1, 1),
  dense('M10', 'MobileNetV3-L SE 1×1 480→120, 1×1', 480, 120, 1, 1, 1, 1),
  dense('M11', 'MobileNetV3-L SE 1×1 120→480, 1×1', 120, 480, 1, 1, 1, 1),
  // A speech CNN's factorised 3×3: a 1×3 then a 3×1 on a 76-frame × 32-band log-mel input.
  dense('M12', 'Speech CNN 1×3 32→32, 76×32', 32, 32, 76, 32, 1, 3),
  dense('M13', 'Speech CNN 3×1 32→32, 76×32', 32, 32, 76, 32, 3, 1),
  // Depthwise 3×3, strides 1, 2 and (2, 1).
  depthwise('M14', 'MobileNetV2 dw 3×3, 384 ch 14²', 384, 14, 14, 3, 1),
  depthwise('M15', 'MobileNetV3-S dw 3×3 s2, 16 ch 112²', 16, 112, 112, 3, 2),
  depthwise('M16', 'PP-OCR rec dw 3×3 s(2,1), 16 ch 16×160', 16, 16, 160, 3, [2, 1]),
  // MobileNetV3 at 224²: Small's second block (expand, dw s2) and Large's first 5×5 block.
  dense('M17', 'MobileNetV3-S expand 1×1 16→72, 56²', 16, 72, 56, 56, 1, 1),
  depthwise('M18', 'MobileNetV3-S dw 3×3 s2, 72 ch 56²', 72, 56, 56, 3, 2),
  depthwise('M19', 'MobileNetV3-L dw 5×5 s2, 72 ch 56²', 72, 56, 56, 5, 2),
]);
