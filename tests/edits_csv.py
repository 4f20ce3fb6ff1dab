"""A data-edits file the CLI tests import: its header and an added adopter with its access row."""

from __future__ import annotations

EDITS_HEADER = ("table_name,row_key,operation,fields_json,citation,url,retrieved,licence,"
                "confidence,created_at,base_digest,source_id\n")
SOURCE = "Example News,https://example.com/a,2026-11-30,MIT"
NEWLAB = (EDITS_HEADER
          + 'adopters,newlab,add,"{""adopter_id"": ""newlab"", ""name"": ""New Lab"", '
            f'""kind"": ""AI lab"", ""derivation"": ""guess""}}",{SOURCE},low,,,\n'
          + 'access,newlab.nvidia,add,"{""adopter_id"": ""newlab"", ""vendor_id"": '
            f'""nvidia"", ""access"": ""1""}}",{SOURCE},low,,,\n')
