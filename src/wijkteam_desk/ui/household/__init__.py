"""The household file: one page with tabs (overzicht, gezinsleden & netwerk, plan, tijdlijn)."""
