// Demo pictures for some of the seed's products, drawn with sharp at seed time (a coloured tile,
// a few shapes and the product's name) and uploaded through the same command as a producer's
// photo, so the demo shop shows images, sizes and the placeholder of a product without one.
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { setProductImage } from "../app/domain/catalogue/images.server";
import { getDb } from "./connection.server";
import { products } from "./schema";

type Drawing = { product: string; background: [string, string]; shape: string; ink?: string };

/** Shapes on a 1200 × 900 canvas: the produce, simply. */
const round = (fill: string, cx = 600, cy = 420, r = 230) => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
const drawings: Record<"marie" | "dairy" | "orchard", Drawing[]> = {
  marie: [
    {
      product: "Carrots",
      background: ["#fff1dc", "#ffd9a8"],
      shape: [380, 560, 740]
        .map(
          (x, i) =>
            `<g transform="rotate(${-18 + i * 18} ${x} 420)"><path d="M${x - 55} 220 L${x + 55} 220 L${x} 640 Z" fill="#e8741c"/><path d="M${x - 10} 220 q-40 -90 -10 -130 M${x} 220 q0 -100 20 -140 M${x + 10} 220 q40 -90 10 -130" stroke="#3f8f3a" stroke-width="18" fill="none" stroke-linecap="round"/></g>`,
        )
        .join(""),
    },
    {
      product: "Leeks",
      background: ["#eef6e6", "#d3e9c2"],
      shape: [440, 600, 760]
        .map(
          (x) =>
            `<rect x="${x - 40}" y="300" width="80" height="340" rx="36" fill="#f4f1e4"/><path d="M${x - 40} 320 q-60 -160 -20 -240 M${x} 320 q0 -190 10 -250 M${x + 40} 320 q60 -160 20 -240" stroke="#4f8d3b" stroke-width="34" fill="none" stroke-linecap="round"/>`,
        )
        .join(""),
    },
    {
      product: "Pumpkin",
      background: ["#fff0e0", "#f6cf9f"],
      shape: `<ellipse cx="470" cy="450" rx="150" ry="190" fill="#d9541e"/><ellipse cx="730" cy="450" rx="150" ry="190" fill="#d9541e"/><ellipse cx="600" cy="450" rx="170" ry="210" fill="#e8672a"/><rect x="585" y="210" width="30" height="70" rx="10" fill="#5d7a2f"/>`,
    },
    {
      product: "Potatoes",
      background: ["#f7f1e6", "#e6d7bd"],
      shape: `<ellipse cx="470" cy="470" rx="170" ry="120" fill="#c8a26b"/><ellipse cx="730" cy="410" rx="150" ry="110" fill="#d4b07a"/><ellipse cx="620" cy="580" rx="130" ry="90" fill="#bf9760"/>`,
    },
  ],
  dairy: [
    {
      product: "Whole milk",
      background: ["#e9f2fb", "#c9dcf0"],
      shape: `<rect x="500" y="250" width="200" height="420" rx="40" fill="#ffffff" stroke="#7aa6cf" stroke-width="12"/><rect x="550" y="160" width="100" height="100" rx="16" fill="#ffffff" stroke="#7aa6cf" stroke-width="12"/><rect x="500" y="420" width="200" height="110" fill="#2f6ea5"/>`,
      ink: "#1d4467",
    },
    {
      product: "Farmhouse cheddar",
      background: ["#fff8dc", "#f3e2a4"],
      shape: `<path d="M330 560 L870 560 L870 380 L330 300 Z" fill="#f2b632"/><path d="M330 300 L870 380 L760 260 Z" fill="#f7cd5c"/>${round("#e09e1d", 480, 470, 36)}${round("#e09e1d", 700, 500, 28)}`,
    },
  ],
  orchard: [
    {
      product: "Apples",
      background: ["#fdecea", "#f6c9c4"],
      shape: `${round("#c62f2f", 480, 450, 170)}${round("#d8483a", 730, 460, 160)}<path d="M480 285 q10 -60 40 -80" stroke="#5b3b1f" stroke-width="16" fill="none"/><ellipse cx="560" cy="230" rx="50" ry="22" fill="#4f8d3b" transform="rotate(-30 560 230)"/>`,
    },
    {
      product: "Honey",
      background: ["#fff5d6", "#f5d777"],
      shape: `<rect x="470" y="300" width="260" height="340" rx="50" fill="#e0a019"/><rect x="450" y="240" width="300" height="80" rx="18" fill="#8a5a1c"/><rect x="520" y="420" width="160" height="100" rx="12" fill="#fff5d6"/>`,
    },
  ],
};

function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A 1200 × 900 JPEG of the drawing with the product's name under it. */
async function demoPicture(drawing: Drawing): Promise<Buffer> {
  const [from, to] = drawing.background;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900" viewBox="0 0 1200 900">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
    <rect width="1200" height="900" fill="url(#g)"/>
    ${drawing.shape}
    <text x="600" y="820" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="72" font-weight="700" fill="${drawing.ink ?? "#3b2a1a"}">${escapeXml(drawing.product)}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/** Draws and uploads the demo pictures, each by a manager of the product's producer. */
export async function seedDemoImages(ids: { userIds: Record<string, string>; marie: string; dairy: string; orchard: string }) {
  for (const owner of ["marie", "dairy", "orchard"] as const) {
    const enterpriseId = ids[owner];
    const actor = { userId: ids.userIds[owner], enterpriseIds: [enterpriseId] };
    for (const drawing of drawings[owner]) {
      const [product] = await getDb()
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.enterpriseId, enterpriseId), eq(products.name, drawing.product)));
      if (!product) continue;
      const picture = await demoPicture(drawing);
      await setProductImage(actor, product.id, async () => picture);
    }
  }
}
