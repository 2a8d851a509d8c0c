-- Headless Neovim (0.7 to 0.11) through the project's own Neovim files, on a copy of
-- examples/pets: the server attaches, diagnostics appear, a concept hover answers, the quick
-- fix "Replace 'dgo' with 'dog'" applies and the finding goes away.
--
-- Run by run.sh: nvim --headless -u NONE -i NONE -n -c 'luafile pets.lua' with
--   CONCEPTLINT_E2E_RTP      editors/neovim (put on 'runtimepath')
--   CONCEPTLINT_E2E_DATASET  the dataset copy (this test edits and writes its metadata.csv)
--   CONCEPTLINT_E2E_MODE     setup: require('conceptlint').setup{} (0.11: vim.lsp.enable path)
--                            legacy: setup{ legacy = true } (start_client path, any version)
--                            enable: vim.lsp.enable('conceptlint') alone (0.11, lsp/ file only)
-- Prints one line per check and "N passed, N failed"; exits non-zero on any failure.

local rtp = assert(os.getenv('CONCEPTLINT_E2E_RTP'), 'CONCEPTLINT_E2E_RTP')
local dataset = assert(os.getenv('CONCEPTLINT_E2E_DATASET'), 'CONCEPTLINT_E2E_DATASET')
local mode = os.getenv('CONCEPTLINT_E2E_MODE') or 'setup'

local passed, failed = 0, 0
local function out(line)
  io.stdout:write(line .. '\n')
end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end
local function all_clients()
  return vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
end
local function finish()
  for _, client in pairs(all_clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(3000, function()
    return #all_clients() == 0
  end, 50)
  out(string.format('%d passed, %d failed', passed, failed))
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

local version = vim.version()
out(string.format('# Neovim %d.%d.%d, mode %s', version.major, version.minor, version.patch, mode))

vim.opt.runtimepath:prepend(rtp)
vim.cmd('filetype on')
if mode == 'enable' then
  vim.lsp.enable('conceptlint')
else
  require('conceptlint').setup({ legacy = mode == 'legacy' })
end

-- Clients attached to a buffer, on every version.
local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local DGO_LINE = 191 -- 0-based: images/dog/dog_061.png,dgo
local metadata = dataset .. '/metadata.csv'
vim.cmd('edit ' .. vim.fn.fnameescape(metadata))
local bufnr = vim.api.nvim_get_current_buf()
check('metadata.csv has filetype csv', vim.bo[bufnr].filetype == 'csv', vim.bo[bufnr].filetype)

local attached = vim.wait(10000, function()
  return #clients_of(bufnr) > 0
end, 50)
if not check('conceptlint attached to metadata.csv', attached) then
  return finish()
end
local client = clients_of(bufnr)[1]
check('client is conceptlint', client.name == 'conceptlint', client.name)
local caps = client.server_capabilities or client.resolved_capabilities
local pulled = caps.diagnosticProvider ~= nil
out('# diagnostics are ' .. (pulled and 'pulled' or 'pushed') .. ', positions ' .. tostring(client.offset_encoding))

local function find(pred)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if pred(d) then
      return d
    end
  end
end
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function is_dgo(d)
  return code_of(d) == 'unknown-concept'
end

local arrived = vim.wait(30000, function()
  return find(is_dgo) ~= nil
end, 50)
if not check('diagnostics arrive', arrived, #vim.diagnostic.get(bufnr) .. ' diagnostics') then
  return finish()
end
local dgo = find(is_dgo)
check('unknown-concept on dgo', dgo.lnum == DGO_LINE and dgo.col == 23 and dgo.end_col == 26,
  string.format('%d:%d-%d', dgo.lnum, dgo.col, dgo.end_col))
check('its message suggests dog', dgo.message:find("did you mean 'dog'", 1, true) ~= nil, dgo.message)
check('it is an error from conceptlint',
  dgo.severity == vim.diagnostic.severity.ERROR and dgo.source == 'conceptlint')

-- Every finding of the README, image ones included, once image headers are probed: the server
-- pushes them (it pulls only with clients that can be asked to pull again, which Neovim cannot).
local expected = { 7, 129, 130, 143, 191, 192, 193, 214, 249, 250 }
local function lines_with_findings()
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    lines[#lines + 1] = d.lnum
  end
  table.sort(lines)
  return table.concat(lines, ',')
end
local all = vim.wait(30000, function()
  return lines_with_findings() == table.concat(expected, ',')
end, 50)
check('all ten findings of metadata.csv, image ones included', all, lines_with_findings())

-- Hover on the concept 'cat' (line 2: images/cat/cat_001.png,cat).
local uri = vim.uri_from_bufnr(bufnr)
local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = uri },
  position = { line = 1, character = 24 },
}, 5000)
local value = ''
for _, response in pairs(hover or {}) do
  local contents = response.result and response.result.contents
  value = (type(contents) == 'table' and contents.value) or value
end
check('hover on cat names it', value:find('**cat**', 1, true) == 1, value)
check('hover on cat counts its 131 inputs', value:find('| inputs | 131 (', 1, true) ~= nil)

-- The quick fix, as vim.lsp.buf.code_action would ask for it.
local lsp_dgo = {
  range = {
    start = { line = dgo.lnum, character = dgo.col },
    ['end'] = { line = dgo.end_lnum or dgo.lnum, character = dgo.end_col },
  },
  message = dgo.message,
  severity = dgo.severity,
  source = dgo.source,
  code = code_of(dgo),
  data = dgo.user_data and dgo.user_data.lsp and dgo.user_data.lsp.data,
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = lsp_dgo.range,
  context = { diagnostics = { lsp_dgo } },
}, 5000)
local fix, titles = nil, {}
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    titles[#titles + 1] = action.title
    if action.title == "Replace 'dgo' with 'dog'" then
      fix = action
    end
  end
end
if not check("code action \"Replace 'dgo' with 'dog'\" offered", fix ~= nil, table.concat(titles, ' | ')) then
  return finish()
end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
local line = vim.api.nvim_buf_get_lines(bufnr, DGO_LINE, DGO_LINE + 1, false)[1]
check('the edit changed the buffer', line == 'images/dog/dog_061.png,dog', line)
check('nothing else changed', vim.api.nvim_buf_line_count(bufnr) == 263)

-- The buffer's change goes to the server (incremental sync); the finding goes away.
local gone = vim.wait(30000, function()
  return find(is_dgo) == nil and #vim.diagnostic.get(bufnr) > 0
end, 50)
check('unknown-concept gone after the edit', gone, lines_with_findings())

vim.cmd('silent write')
local disk = vim.fn.readfile(metadata)
check('written to disk', disk[DGO_LINE + 1] == 'images/dog/dog_061.png,dog', disk[DGO_LINE + 1])

finish()
