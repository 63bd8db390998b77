// Reads pages' link previews with open-graph-scraper (pinned in package.json), as
// tests/test_link_previews.py asks, from a site served on 127.0.0.1 only.
//
//   node tests/tools/open_graph.mjs http://127.0.0.1:PORT/page/ ...
//
// Every connection goes through one undici dispatcher that refuses any host but 127.0.0.1 (the
// scraper fetches with undici), and each address must be on 127.0.0.1. Prints one JSON object:
// { hosts: [every host a connection was opened to], pages: { url → result or { error } } }.
import { Agent, buildConnector, setGlobalDispatcher } from "undici";
import ogs from "open-graph-scraper";

const hosts = [];
const connect = buildConnector({});
setGlobalDispatcher(new Agent({
  connect(options, callback) {
    hosts.push(options.hostname);
    if (options.hostname !== "127.0.0.1") {
      callback(new Error(`refused: ${options.hostname} is not 127.0.0.1`), null);
      return;
    }
    connect(options, callback);
  },
}));

const pages = {};
for (const url of process.argv.slice(2)) {
  if (new URL(url).hostname !== "127.0.0.1") {
    pages[url] = { error: "not on 127.0.0.1" };
    continue;
  }
  try {
    const { error, result } = await ogs({ url, timeout: 20, urlValidatorSettings: { require_tld: false } });
    pages[url] = error ? { error: String(error) } : result;
  } catch (failure) {
    pages[url] = { error: String(failure && failure.result ? JSON.stringify(failure.result) : failure) };
  }
}
process.stdout.write(JSON.stringify({ hosts, pages }, null, 1) + "\n");
