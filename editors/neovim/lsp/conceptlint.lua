-- conceptlint language server, for Neovim 0.11 and later:
--
--   vim.lsp.enable('conceptlint')
--
-- with this folder's parent (editors/neovim) on 'runtimepath', or this file copied to
-- ~/.config/nvim/lsp/conceptlint.lua. Override any field with vim.lsp.config('conceptlint', {...}).
-- Neovim 0.7 to 0.10: require('conceptlint').setup{} (lua/conceptlint/init.lua).

-- Files the server reads: dataset manifests, label manifests, the config.
local extensions = { csv = true, tsv = true, jsonl = true, ndjson = true, manifest = true, lst = true }
local names = {
  ['labels.txt'] = true,
  ['classes.txt'] = true,
  ['concepts.json'] = true,
  ['conceptlint.toml'] = true,
}
-- Files that mark a dataset's folder (the nearest one up the tree is the workspace root).
local dataset_markers = { 'conceptlint.toml', 'labels.txt', 'classes.txt', 'concepts.json' }
local root_markers = {
  'conceptlint.toml',
  'labels.txt',
  'classes.txt',
  'concepts.json',
  'metadata.csv',
  'metadata.jsonl',
  '.git',
}

---@type vim.lsp.Config
return {
  cmd = { 'conceptlint', 'server' },
  -- Neovim's own filetypes for these files; the root_dir below narrows them to dataset files,
  -- so other CSV, JSON, TOML or text buffers never start the server.
  filetypes = { 'csv', 'tsv', 'jsonl', 'json', 'text', 'toml', 'asm' },
  root_markers = root_markers,
  root_dir = function(bufnr, on_dir)
    local path = vim.api.nvim_buf_get_name(bufnr)
    local base = vim.fs.basename(path)
    local ext = base:match('%.([^.]+)$')
    local marked = vim.fs.root(bufnr, dataset_markers)
    -- JSON (COCO annotations, concepts.json) only inside a marked dataset folder.
    local wanted = names[base] or (ext and extensions[ext:lower()]) or (ext == 'json' and marked)
    if wanted then
      on_dir(vim.fs.root(bufnr, root_markers) or vim.fs.dirname(path))
    end
  end,
  settings = { conceptlint = {} },
}
