// Reads generated feed files with two JavaScript feed readers, as tests/test_feed_readers.py asks:
// rss-parser (RSS and Atom) and @extractus/feed-extractor (RSS, Atom and JSON Feed), both pinned
// in package.json. Files only: nothing is fetched.
//
//   node tests/tools/read_feeds.mjs FILE...
//
// Prints one JSON object: file → { "rss-parser": result, "feed-extractor": result }, where a
// result is { error: "message" } when the reader rejects the file, null when it does not read
// that format (rss-parser and JSON Feed), or what the reader made of it:
//   { title, items: [{ id, link, title, authors: [names], content: "<html>" }] }
// `authors` and `content` are what each reader hands an application: rss-parser's `creator`
// (RSS dc:creator) or `author` (Atom), and its `content:encoded` (RSS) or `content` (Atom);
// feed-extractor normalises entries to id, title, link, description and published only, so its
// author and HTML content are taken from the raw entry it passes to getExtraEntryFields.
import { readFileSync } from "node:fs";
import { extractFromJson, extractFromXml } from "@extractus/feed-extractor";
import Parser from "rss-parser";

const asList = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const text = (value) => (value && typeof value === "object" ? value["#text"] ?? "" : value ?? "");

async function rssParser(source, isJson) {
  if (isJson) return null;
  const parser = new Parser({ customFields: { item: [["dc:creator", "creators", { keepArray: true }]] } });
  const feed = await parser.parseString(source);
  return {
    title: feed.title,
    items: feed.items.map((item) => ({
      id: item.guid ?? item.id,
      link: item.link,
      title: item.title,
      authors: item.creators ? asList(item.creators) : asList(item.author),
      content: item["content:encoded"] ?? item.content ?? "",
    })),
  };
}

function extraFields(entry) {
  // The raw entry: RSS <item>, Atom <entry> (fast-xml-parser objects) or a JSON Feed item.
  const authors = entry["dc:creator"] !== undefined
    ? asList(entry["dc:creator"]).map(text)
    : entry.authors !== undefined
      ? asList(entry.authors).map((author) => author.name)
      : asList(entry.author).map((author) => text(author.name ?? author));
  const content = entry["content:encoded"] ?? entry.content_html ?? text(entry.content) ?? "";
  return { authors, content: text(content) };
}

function feedExtractor(source, isJson) {
  const options = { getExtraEntryFields: extraFields, descriptionMaxLen: 100000 };
  const feed = isJson ? extractFromJson(source, options) : extractFromXml(source, options);
  return {
    title: feed.title,
    items: (feed.entries ?? []).map((entry) => ({
      id: entry.id,
      link: entry.link,
      title: entry.title,
      authors: entry.authors,
      content: entry.content,
    })),
  };
}

async function attempt(read) {
  try {
    return await read();
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
}

const results = {};
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, "utf8");
  const isJson = file.endsWith(".json");
  results[file] = {
    "rss-parser": await attempt(() => rssParser(source, isJson)),
    "feed-extractor": await attempt(() => feedExtractor(source, isJson)),
  };
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
