" conceptlint: filetypes of dataset manifests (Neovim 0.7 and later; newer versions know some).
" setfiletype never overrides a filetype already detected.
autocmd BufNewFile,BufRead *.jsonl,*.ndjson setfiletype jsonl
autocmd BufNewFile,BufRead *.csv setfiletype csv
autocmd BufNewFile,BufRead *.tsv setfiletype tsv
" A .manifest is JSON Lines (SageMaker Ground Truth, augmented manifests) when its first
" non-blank line is a JSON object; Windows application manifests (XML) keep their filetype.
autocmd BufNewFile,BufRead *.manifest
      \ if getline(nextnonblank(1)) =~# '^\s*{' | setfiletype jsonl | endif
