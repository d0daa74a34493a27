/** A tar archive for Swift's and RGW's bulk upload (`?extract-archive=tar`), shared by integration and in-host suites. */

/** A plain tar (ustar) of one-byte files named `names` (each under 100 UTF-8 bytes), for Swift's bulk upload. */
export function tarOf(names: readonly string[]): Buffer {
  const blocks: Buffer[] = [];
  for (const name of names) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write('00000000001\0', 124); // size 1, octal
    h.write('00000000000\0', 136);
    h.write('        ', 148); // the checksum counts itself as spaces
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    const sum = h.reduce((n, b) => n + b, 0);
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const data = Buffer.alloc(512);
    data.write('x');
    blocks.push(h, data);
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
